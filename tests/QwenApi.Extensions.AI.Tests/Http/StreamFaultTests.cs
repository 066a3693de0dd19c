using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// Streams that fail: before the first update they are retried (the consumer sees every token exactly once); after it
/// they are never retried and end with a typed exception, the updates already delivered standing as they were.
/// </summary>
public sealed class StreamFaultTests
{
    private const string Prompt = "tell me five words";

    // The simulator sends one chunk per token after a role-only first chunk (which yields no update).
    private static readonly string[] s_tokens = ["Simulated ", "answer ", "to: ", "tell ", "me ", "five ", "words"];

    public static TheoryData<string> FaultsBeforeFirstToken => ["reset", "drop-after-role", "drop-after-headers", "cut-after-role", "in-band-server-error", "in-band-content-filter"];

    [Theory]
    [MemberData(nameof(FaultsBeforeFirstToken))]
    public async Task Stream_FaultBeforeFirstToken_IsRetriedAndEveryTokenArrivesExactlyOnce(string fault)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(Fault(fault));

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        Assert.Null(outcome.Error);
        Assert.Equal(s_tokens, outcome.Texts);
        Assert.Equal(2, simulator.Requests.Count);
        Assert.InRange(Assert.Single(waits), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("drop", 1)]
    [InlineData("drop", 3)]
    [InlineData("drop", 7)]
    [InlineData("cut", 2)]
    [InlineData("cut", 7)]
    public async Task Stream_FailureAfterFirstToken_IsNotRetriedAndThrowsInterruptedWithDeliveredCount(string fault, int tokensSent)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        int chunks = tokensSent + 1; // the role chunk comes first
        simulator.Enqueue(fault == "drop" ? SimulatorResponse.DropAfterChunks(chunks) : SimulatorResponse.CutAfterChunks(chunks));

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsType<QwenStreamInterruptedException>(outcome.Error);
        Assert.Equal(s_tokens.Take(tokensSent), outcome.Texts);
        Assert.Equal(tokensSent, error.UpdatesReceived);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("sim-req-1", error.RequestId);
        Assert.Contains($"{tokensSent} update(s)", error.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests);
        Assert.Empty(clock.ArmedDelays); // nothing was waited for: no retry was even considered
    }

    [Fact]
    public async Task Stream_DropBeforeFirstTokenOnEveryAttempt_ThrowsServerExceptionAfterAllAttempts()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.DropAfterChunks(1));
        }

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        // Nothing reached the caller: a connection failure before output is a server failure, as before the headers.
        var error = Assert.IsType<QwenServerException>(outcome.Error);
        Assert.Contains("while reading the response body", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Attempts);
        Assert.Empty(outcome.Texts);
        Assert.Equal(3, waits.Count);
    }

    [Fact]
    public async Task Stream_ResetBeforeHeadersOnEveryAttempt_ThrowsServerExceptionNamingTheConnectionFailure()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.ResetBeforeHeaders());
        }

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenServerException>(outcome.Error);
        Assert.Null(error.StatusCode);
        Assert.Equal(4, error.Attempts);
        Assert.Contains("connection", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsAssignableFrom<HttpRequestException>(error.InnerException);
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task Stream_ContentFilterInBandBeforeOutputOnEveryAttempt_ThrowsContentFilteredAfterRetries()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.InBandErrorAfterChunks(1));
        }

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenBadRequestException>(outcome.Error);
        Assert.True(error.IsContentFiltered);
        Assert.Equal("data_inspection_failed", error.ErrorCode);
        Assert.Null(error.StatusCode); // the HTTP status was 200: the error came inside the stream
        Assert.Equal("sim-req-4", error.RequestId);
        Assert.Equal(4, error.Attempts);
        Assert.Empty(outcome.Texts);
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task Stream_InvalidRequestInBandBeforeOutput_IsNotRetried()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, _, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.InBandErrorAfterChunks(1, "invalid_parameter_error", "Bad field.", "invalid_request_error"));

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsType<QwenBadRequestException>(outcome.Error);
        Assert.False(error.IsContentFiltered);
        Assert.Equal("invalid_parameter_error", error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(simulator.Requests);
    }

    [Theory]
    [InlineData("data_inspection_failed", typeof(QwenBadRequestException))]
    [InlineData("internal_error", typeof(QwenServerException))]
    [InlineData("Arrearage", typeof(QwenInsufficientCreditsException))]
    [InlineData("invalid_api_key", typeof(QwenAuthenticationException))]
    [InlineData("limit_requests", typeof(QwenRateLimitException))]
    public async Task Stream_InBandErrorAfterOutput_IsNotRetriedAndKeepsDeliveredTokens(string code, Type expected)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, _, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.InBandErrorAfterChunks(3, code, "It stopped.", code));

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsAssignableFrom<QwenApiException>(outcome.Error);
        Assert.IsType(expected, error);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(s_tokens.Take(2), outcome.Texts);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task Unary_ErrorDocumentWithStatus200_IsTypedAndRetriedOnlyWhenTransient()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Replay("""{"error":{"message":"busy","type":"internal_error","code":"internal_error"}}""", "application/json"));
        simulator.Enqueue(SimulatorResponse.Replay("""{"error":{"message":"bad","type":"invalid_request_error","code":"invalid_parameter_error"}}""", "application/json"));

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream: false);
        await clock.DriveAsync(call);
        var error = await Assert.ThrowsAsync<QwenBadRequestException>(() => call);

        Assert.Equal("invalid_parameter_error", error.ErrorCode);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, simulator.Requests.Count);
    }

    private static SimulatorResponse Fault(string name) => name switch
    {
        "reset" => SimulatorResponse.ResetBeforeHeaders(),
        "drop-after-role" => SimulatorResponse.DropAfterChunks(1),
        "drop-after-headers" => SimulatorResponse.DropAfterChunks(0),
        "cut-after-role" => SimulatorResponse.CutAfterChunks(1),
        "in-band-server-error" => SimulatorResponse.InBandErrorAfterChunks(1, "internal_error", "Upstream busy.", "internal_error"),
        "in-band-content-filter" => SimulatorResponse.InBandErrorAfterChunks(1),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
