using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// Every HTTP status the proxy documents (and the edges around them), unary and streamed, with and without retries:
/// the exception type and its properties, how many requests the server saw, and how long was waited on the fake clock.
/// </summary>
public sealed class StatusMatrixTests
{
    private static readonly TimeSpan s_base = TimeSpan.FromSeconds(1);

    public static TheoryData<int, Type, bool, bool> Statuses()
    {
        var data = new TheoryData<int, Type, bool, bool>();
        (int Status, Type Type, bool Retried)[] rows =
        [
            (400, typeof(QwenBadRequestException), false),
            (401, typeof(QwenAuthenticationException), false),
            (402, typeof(QwenInsufficientCreditsException), false),
            (403, typeof(QwenAuthenticationException), false),
            (404, typeof(QwenBadRequestException), false),
            (408, typeof(QwenServerException), true),
            (409, typeof(QwenBadRequestException), false),
            (422, typeof(QwenBadRequestException), false),
            (429, typeof(QwenRateLimitException), true),
            (500, typeof(QwenServerException), true),
            (501, typeof(QwenServerException), false),
            (502, typeof(QwenServerException), true),
            (503, typeof(QwenServerException), true),
            (504, typeof(QwenServerException), true),
        ];
        foreach ((int status, Type type, bool retried) in rows)
        {
            data.Add(status, type, retried, false);
            data.Add(status, type, retried, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Call_StatusWithRetriesDisabled_ThrowsTypedExceptionAfterOneAttemptWithoutWaiting(int status, Type expected, bool retried, bool stream)
    {
        _ = retried;
        var clock = new TrackingTimeProvider();
        DateTimeOffset start = clock.GetUtcNow();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(status));
        using QwenChatClient client = TestClients.Create(simulator, clock, o => o.MaxRetries = 0);

        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<QwenApiException>(() => ChatCalls.CallAsync(client, "hi", stream)));

        Assert.IsType(expected, error);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("sim-req-1", error.RequestId);
        Assert.NotNull(error.ErrorCode);
        Assert.Contains(error.ErrorCode!, error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests);
        Assert.Equal(start, clock.GetUtcNow());
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Call_StatusEveryAttempt_RetriesOnlyTransientStatusesWithGrowingBackoff(int status, Type expected, bool retried, bool stream)
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.Error(status));
        }

        using QwenChatClient client = TestClients.Create(simulator, clock);

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        var error = await Assert.ThrowsAnyAsync<QwenApiException>(() => call);

        Assert.IsType(expected, error);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        int attempts = retried ? 4 : 1;
        Assert.Equal(attempts, error.Attempts);
        Assert.Equal(attempts, simulator.Requests.Count);
        Assert.Equal($"sim-req-{attempts}", error.RequestId);
        Assert.Equal(attempts - 1, waits.Count);
        for (int i = 0; i < waits.Count; i++)
        {
            // Equal jitter on base * 2^i: between half and all of it, never immediate.
            TimeSpan full = s_base * Math.Pow(2, i);
            Assert.InRange(waits[i], full / 2, full);
        }
    }

    [Theory]
    [InlineData(408, false)]
    [InlineData(500, true)]
    [InlineData(502, false)]
    [InlineData(503, true)]
    [InlineData(504, false)]
    public async Task Call_TransientStatusThenSuccess_ReturnsFullAnswerAfterOneBackoff(int status, bool stream)
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(status));
        using QwenChatClient client = TestClients.Create(simulator, clock);

        Task<string> call = ChatCalls.CallAsync(client, "hello there", stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hello there"), await call);
        Assert.Equal(2, simulator.Requests.Count);
        TimeSpan wait = Assert.Single(waits);
        Assert.InRange(wait, s_base / 2, s_base);
    }

    [Fact]
    public async Task Call_429WithInsufficientQuota_ThrowsInsufficientCreditsWithoutRetrying()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, """{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using QwenChatClient client = TestClients.Create(simulator, clock);

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenInsufficientCreditsException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("insufficient_quota", error.ErrorCode);
        Assert.Single(simulator.Requests);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"Arrearage","type":"Arrearage","code":"Arrearage"}}""")]
    [InlineData(403, """{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing.","request_id":"r-1"}""")]
    public async Task Call_ArrearageCodeOnAnyStatus_ThrowsInsufficientCredits(int status, string body)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(status, body));
        using QwenChatClient client = TestClients.Create(simulator, new TrackingTimeProvider());

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenInsufficientCreditsException>(() => ChatCalls.CallAsync(client, "hi", stream: false)));

        Assert.Equal("Arrearage", error.ErrorCode);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task Call_400ContentFilter_ThrowsBadRequestMarkedContentFiltered()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(400, """{"error":{"message":"Input data may contain inappropriate content.","type":"data_inspection_failed","param":null,"code":"data_inspection_failed"},"id":"chatcmpl-1","request_id":"body-req-7"}"""));
        using QwenChatClient client = TestClients.Create(simulator, new TrackingTimeProvider());

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenBadRequestException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.True(error.IsContentFiltered);
        Assert.Equal("data_inspection_failed", error.ErrorType);
        Assert.Equal("sim-req-1", error.RequestId); // the x-request-id header wins over the body's request_id
        Assert.Contains("Input data may contain inappropriate content.", error.Message, StringComparison.Ordinal);
    }
}
