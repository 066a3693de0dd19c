using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

public sealed class FactoryFailureTests : SimulatorTestBase
{
    protected override QwenSimulatorOptions CreateOptions() => new()
    {
        TimeProvider = Time,
        AnswerFactory = _ => throw new InvalidOperationException("factory broke"),
    };

    [Fact]
    public async Task Post_AnswerFactoryThrows_Returns500NamingTheFailure()
    {
        var (status, body) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Equal(500, status);
        Assert.Equal(
            """{"error":{"message":"The simulator failed: InvalidOperationException: factory broke","type":"internal_error","param":null,"code":"simulator_error"},"request_id":"sim-req-1"}""",
            body);
    }
}
