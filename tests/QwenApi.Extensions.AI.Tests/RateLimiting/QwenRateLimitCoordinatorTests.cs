using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// Reactive coordination (issue 12, item 2): a 429 with Retry-After seen by one client pauses new attempts of every client
/// sharing the coordinator for the same endpoint and key until the server's instant (plus at most 10% jitter), on the
/// fake clock; other endpoints are not paused; a pause longer than the deadline fails at once; cancellation ends the wait.
/// </summary>
public sealed class QwenRateLimitCoordinatorTests
{
    private static readonly Dictionary<string, string> s_retryAfter5 = new() { ["Retry-After"] = "5" };

    [Fact]
    public async Task Call_AfterAnotherClientsRateLimit_WaitsUntilTheServersInstantThenSends()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = FaultClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient second = FaultClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);

        var limited = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        Task<ChatResponse> call = second.GetResponseAsync("second");
        await clock.WaitUntilAsync(c => c.NextDue() is not null);

        Assert.Equal(TimeSpan.FromSeconds(5), limited.RetryAfter);
        Assert.Single(simulator.Requests); // the second client has not sent: it waits for the pause
        TimeSpan waited = Assert.Single(clock.ArmedDelays);
        Assert.InRange(waited, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        await clock.DriveAsync(call);
        Assert.Equal(FaultClients.AnswerTo("second"), (await call).Text);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_ToAnotherEndpoint_IsNotPaused()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator();
        await using QwenSimulator limitedServer = await QwenSimulator.StartAsync();
        await using QwenSimulator otherServer = await QwenSimulator.StartAsync();
        limitedServer.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = FaultClients.Create(limitedServer, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient other = FaultClients.Create(otherServer, clock, o => o.RateLimitCoordinator = coordinator);

        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        ChatResponse answer = await ClockDriver.Guard(other.GetResponseAsync("other"));

        Assert.Equal(FaultClients.AnswerTo("other"), answer.Text);
        Assert.Empty(clock.ArmedDelays);
    }

    [Fact]
    public async Task Call_PausedLongerThanItsDeadline_FailsAtOnceWithoutSending()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = FaultClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient hurried = FaultClients.Create(simulator, clock, o => (o.OverallTimeout, o.RateLimitCoordinator) = (TimeSpan.FromSeconds(3), coordinator));

        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => hurried.GetResponseAsync("hurried")));

        Assert.Contains("paused", error.Message, StringComparison.Ordinal);
        Assert.Contains("OverallTimeout", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task Call_CanceledWhilePaused_EndsAtOnceWithTheCallersToken()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = FaultClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient second = FaultClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);
        using var cts = new CancellationTokenSource();

        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        Task<ChatResponse> call = second.GetResponseAsync("second", cancellationToken: cts.Token);
        await clock.WaitUntilAsync(c => c.NextDue() is not null);
        await cts.CancelAsync();

        var canceled = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => call));
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(simulator.Requests);
    }
}
