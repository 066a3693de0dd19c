using System.Diagnostics;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The limits of <c>UseRedisRateLimiting</c> enforced through the client: two processes (two connections, a coordinator
/// each) share one request window, so the fourth call of three per window waits until the oldest grant leaves it; a wait
/// longer than the overall timeout, or past the queue limit, fails at once, and cancellation ends a wait at once. Nothing
/// is sent for a call that does not get through. Of concurrent calls, exactly the limit is sent; a call larger than the
/// token limit fails without a wait.
/// </summary>
public sealed class QwenChatClientRedisLimitsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan s_window = new QwenRateLimitOptions().Window;

    [Fact]
    public async Task RequestsPerMinute_SharedByTwoProcesses_TheFourthCallWaitsUntilTheOldestGrantLeaves()
    {
        await using Fleet fleet = await Fleet.StartAsync(redis);
        var watch = Stopwatch.StartNew();
        await fleet.SpendTheWindowAsync();

        Task<ChatResponse> fourth = fleet.Theirs.GetResponseAsync("fourth");
        await fleet.Clock.WaitUntilAsync(c => c.PendingCount == 1);
        TimeSpan armed = Assert.Single(fleet.Clock.ArmedDelays);
        int sentWhileWaiting = fleet.Simulator.Requests.Count;
        IReadOnlyList<TimeSpan> jumps = await fleet.Clock.DriveAsync(fourth);
        ChatResponse answer = await fourth;

        Assert.Equal(3, sentWhileWaiting);
        Assert.Equal([armed], jumps); // one wait, and the retried admission got through
        Assert.InRange(armed, s_window - watch.Elapsed, s_window + TimeSpan.FromSeconds(1)); // the oldest grant's age off the window, plus at most 1 s of jitter
        Assert.Equal(RedisTestClients.AnswerTo("fourth"), answer.Text);
        Assert.Equal(4, fleet.Simulator.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_AWaitLongerThanTheOverallTimeout_FailsAtOnce_AndSendsNothing()
    {
        await using Fleet fleet = await Fleet.StartAsync(redis, o => o.OverallTimeout = TimeSpan.FromSeconds(30));
        await fleet.SpendTheWindowAsync();

        var refused = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(fleet.Theirs.GetResponseAsync("too late")));

        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        Assert.Contains("OverallTimeout", refused.Message, StringComparison.Ordinal);
        Assert.Contains("shared through Redis", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.StatusCode);
        Assert.Equal(fleet.Clock.Start, fleet.Clock.GetUtcNow()); // at once: the clock never moved
        Assert.Equal(3, fleet.Simulator.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_CancellingAWaitingCall_EndsItAtOnce_AndSendsNothing()
    {
        await using Fleet fleet = await Fleet.StartAsync(redis);
        await fleet.SpendTheWindowAsync();
        using var cancellation = new CancellationTokenSource();

        Task<ChatResponse> waiting = fleet.Theirs.GetResponseAsync("cancelled", cancellationToken: cancellation.Token);
        await fleet.Clock.WaitUntilAsync(c => c.PendingCount == 1);
        await cancellation.CancelAsync();

        _ = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClockDriver.Guard(waiting));
        Assert.Equal(0, fleet.Clock.PendingCount); // the wait's timer is gone
        Assert.Equal(fleet.Clock.Start, fleet.Clock.GetUtcNow());
        Assert.Equal(3, fleet.Simulator.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_OneCallMoreThanTheQueueLimitWaiting_FailsAtOnce_AndSendsNothing()
    {
        await using Fleet fleet = await Fleet.StartAsync(redis, limits: l => l.QueueLimit = 1);
        await fleet.SpendTheWindowAsync();
        using var cancellation = new CancellationTokenSource();

        Task<ChatResponse> queued = fleet.Theirs.GetResponseAsync("queued", cancellationToken: cancellation.Token);
        await fleet.Clock.WaitUntilAsync(c => c.PendingCount == 1);
        var refused = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(fleet.Theirs.GetResponseAsync("one too many")));
        await cancellation.CancelAsync();
        _ = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClockDriver.Guard(queued));

        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        Assert.Contains("QueueLimit", refused.Message, StringComparison.Ordinal);
        Assert.Equal(fleet.Clock.Start, fleet.Clock.GetUtcNow());
        Assert.Equal(3, fleet.Simulator.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_TwelveConcurrentCallsOfTwoProcesses_ExactlyThreeAreSent()
    {
        await using Fleet fleet = await Fleet.StartAsync(redis, o => o.OverallTimeout = TimeSpan.FromSeconds(30));

        Task<ChatResponse>[] calls = [.. Enumerable.Range(0, 12).Select(i => Task.Run(() => (i % 2 == 0 ? fleet.Mine : fleet.Theirs).GetResponseAsync($"call {i}")))];
        await ClockDriver.Guard(Task.WhenAll(calls).ContinueWith(static _ => { }, TaskScheduler.Default));

        Assert.Equal(3, calls.Count(c => c.IsCompletedSuccessfully));
        Assert.All(calls.Where(c => !c.IsCompletedSuccessfully), c => Assert.Equal(QwenRateLimitSource.Window, Assert.IsType<QwenRateLimitException>(c.Exception!.InnerException).RefusedBy));
        Assert.Equal(3, fleet.Simulator.Requests.Count);
        Assert.Equal(fleet.Clock.Start, fleet.Clock.GetUtcNow());
    }

    [Fact]
    public async Task TokensPerMinute_ACallLargerThanTheLimit_FailsAtOnce_WithoutAWait()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisGovernedClients.Create(simulator, clock, RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 500)));

        var refused = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(client.GetResponseAsync("too large", new ChatOptions { MaxOutputTokens = 1_000 })));

        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        Assert.Null(refused.RetryAfter); // waiting cannot help
        Assert.Contains("exceed QwenRateLimitOptions.TokensPerMinute (500)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(clock.ArmedDelays);
        Assert.Empty(simulator.Requests);
    }

    /// <summary>Two processes of one key with three requests per window: "mine" and "theirs", each on its own connection.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly ConnectionMultiplexer _mine;
        private readonly ConnectionMultiplexer _theirs;

        private Fleet(QwenSimulator simulator, ConnectionMultiplexer mine, ConnectionMultiplexer theirs, Action<QwenClientOptions>? adjust, Action<QwenRedisRateLimitOptions>? limits)
        {
            Simulator = simulator;
            _mine = mine;
            _theirs = theirs;
            string prefix = RedisTestClients.UniquePrefix();
            void Configure(QwenRedisRateLimitOptions l)
            {
                (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3);
                limits?.Invoke(l);
            }

            Mine = RedisGovernedClients.Create(simulator, Clock, RedisTestClients.Coordinator(mine, Clock, Clock.Start, Configure), adjust);
            Theirs = RedisGovernedClients.Create(simulator, Clock, RedisTestClients.Coordinator(theirs, Clock, Clock.Start, Configure), adjust);
        }

        public TrackingTimeProvider Clock { get; } = new();

        public QwenSimulator Simulator { get; }

        public QwenChatClient Mine { get; }

        public QwenChatClient Theirs { get; }

        public static async Task<Fleet> StartAsync(RedisServer redis, Action<QwenClientOptions>? adjust = null, Action<QwenRedisRateLimitOptions>? limits = null) =>
            new(await QwenSimulator.StartAsync(), await RedisTestClients.ConnectAsync(redis), await RedisTestClients.ConnectAsync(redis), adjust, limits);

        /// <summary>Three calls, alternating processes: the shared window is full.</summary>
        public async Task SpendTheWindowAsync()
        {
            _ = await ClockDriver.Guard(Mine.GetResponseAsync("first"));
            _ = await ClockDriver.Guard(Theirs.GetResponseAsync("second"));
            _ = await ClockDriver.Guard(Mine.GetResponseAsync("third"));
            Assert.Equal(0, Clock.PendingCount);
        }

        public async ValueTask DisposeAsync()
        {
            Mine.Dispose();
            Theirs.Dispose();
            _mine.Dispose();
            _theirs.Dispose();
            await Simulator.DisposeAsync();
        }
    }
}
