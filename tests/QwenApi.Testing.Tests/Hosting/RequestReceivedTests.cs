using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

public sealed class RequestReceivedTests : SimulatorTestBase
{
    private readonly List<string> _seen = [];

    [Fact]
    public async Task RequestReceived_ChatRequest_IsCalledBeforeTheAnswerIsSent()
    {
        var (status, _) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Equal(200, status);
        Assert.Equal(["1 Hi"], _seen);
    }

    [Fact]
    public async Task RequestReceived_CallbackThrows_Answers500SimulatorError()
    {
        var (status, body) = await SendAsync(ChatBodies.User("boom"));

        Assert.Equal(500, status);
        Assert.Contains("InvalidOperationException: no", body, StringComparison.Ordinal);
    }

    protected override QwenSimulatorOptions CreateOptions() => new()
    {
        TimeProvider = Time,
        RequestReceived = request =>
        {
            lock (_seen)
            {
                _seen.Add($"{request.Sequence} {request.LastUserMessage}");
            }

            if (request.LastUserMessage == "boom")
            {
                throw new InvalidOperationException("no");
            }
        },
    };
}
