using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = TestClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient second = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);

        var limited = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        Task<ChatResponse> call = second.GetResponseAsync("second");
        await clock.WaitUntilAsync(c => c.NextDue() is not null);

        Assert.Equal(TimeSpan.FromSeconds(5), limited.RetryAfter);
        Assert.Single(simulator.Requests); // the second client has not sent: it waits for the pause
        TimeSpan waited = Assert.Single(clock.ArmedDelays);
        Assert.InRange(waited, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        await clock.DriveAsync(call);
        Assert.Equal(ChatCalls.AnswerTo("second"), (await call).Text);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_ToAnotherEndpoint_IsNotPaused()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator limitedServer = await QwenSimulator.StartAsync();
        await using QwenSimulator otherServer = await QwenSimulator.StartAsync();
        using QwenChatClient other = TestClients.Create(otherServer, clock, o => o.RateLimitCoordinator = coordinator);

        await PauseThroughAsync(limitedServer, clock, coordinator);
        ChatResponse answer = await ClockDriver.Guard(other.GetResponseAsync("other"));

        Assert.Equal(ChatCalls.AnswerTo("other"), answer.Text);
        Assert.Empty(clock.ArmedDelays);
    }

    [Fact]
    public async Task Call_PausedLongerThanItsDeadline_FailsAtOnceWithoutSending()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient hurried = TestClients.Create(simulator, clock, o => (o.OverallTimeout, o.RateLimitCoordinator) = (TimeSpan.FromSeconds(3), coordinator));

        await PauseThroughAsync(simulator, clock, coordinator);
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
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient second = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);
        using var cts = new CancellationTokenSource();

        await PauseThroughAsync(simulator, clock, coordinator);
        Task<ChatResponse> call = second.GetResponseAsync("second", cancellationToken: cts.Token);
        await clock.WaitUntilAsync(c => c.NextDue() is not null);
        await cts.CancelAsync();

        var canceled = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => call));
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task AddQwenChatClient_CoordinatorInTheContainer_IsSharedByEveryRegisteredClient()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var coordinator = new RecordingCoordinator();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<QwenRateLimitCoordinator>(coordinator);
        services.AddQwenChatClient(o => (o.ApiKey, o.Endpoint, o.ModelId) = (simulator.ApiKey, simulator.Endpoint, "qwen-plus"));
        services.AddKeyedQwenChatClient("fast", o => (o.ApiKey, o.Endpoint, o.ModelId) = (simulator.ApiKey, simulator.Endpoint, "qwen-turbo"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        // An hour's Retry-After: the first call fails at once (longer than MaxRetryAfter), and the other registered
        // client, seeing the pause through the same coordinator, fails at once too (longer than its OverallTimeout).
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        await Assert.ThrowsAsync<QwenRateLimitException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("first"));
        var paused = await Assert.ThrowsAsync<QwenRateLimitException>(() => provider.GetRequiredKeyedService<IChatClient>("fast").GetResponseAsync("second"));

        Assert.Contains("paused", paused.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests);
        string scope = Assert.Single(coordinator.Scopes);
        Assert.StartsWith(simulator.Endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions|", scope, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.ApiKey, scope, StringComparison.Ordinal);
    }

    /// <summary>A first client, without retries, receives a 429 with Retry-After: 5 from <paramref name="server"/>, which pauses the coordinator.</summary>
    private static async Task PauseThroughAsync(QwenSimulator server, TrackingTimeProvider clock, QwenRateLimitCoordinator coordinator)
    {
        server.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter5));
        using QwenChatClient first = TestClients.Create(server, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
    }

    /// <summary>A coordinator that records the scopes paused: also proves the virtual members are the extension point.</summary>
    private sealed class RecordingCoordinator : QwenRateLimitCoordinator
    {
        public List<string> Scopes { get; } = [];

        public override ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
        {
            lock (Scopes)
            {
                Scopes.Add(scope);
            }

            return base.PauseAsync(scope, until, cancellationToken);
        }
    }
}
