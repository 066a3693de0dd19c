using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Redis stopped mid-run, through the client: calls go on (none fails) under this process's share of the limits (ten
/// requests per window over a fleet of two: five), and when Redis comes back empty the next admission writes back the
/// grants this process holds before it is granted. Uses a redis-server of its own, since it kills it.
/// </summary>
public sealed class QwenChatClientRedisOutageTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisStopped_CallsGoOnUnderThisProcesssShare_AndItsGrantsAreWrittenBackWhenRedisRestartsEmpty()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(_redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(_redis);
        RedisRateLimitCoordinator myCoordinator = RedisTestClients.Coordinator(mine, clock, clock.Start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 10));
        using QwenChatClient me = RedisGovernedClients.Create(simulator, clock, myCoordinator, o => o.OverallTimeout = TimeSpan.FromSeconds(30));
        using QwenChatClient them = RedisGovernedClients.Create(simulator, clock, RedisTestClients.Coordinator(theirs, clock, clock.Start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 10)));
        string scope = RedisGovernedClients.Scope(simulator);
        _ = await ClockDriver.Guard(me.GetResponseAsync("before 1"));
        _ = await ClockDriver.Guard(them.GetResponseAsync("theirs"));
        _ = await ClockDriver.Guard(me.GetResponseAsync("before 2")); // Redis now says the fleet is two processes
        var restored = new TaskCompletionSource();
        mine.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };

        await _redis.StopAsync();
        var during = new List<string?>();
        for (int i = 1; i <= 3; i++)
        {
            during.Add((await ClockDriver.Guard(me.GetResponseAsync($"during {i}"))).Text);
        }

        var shareSpent = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(me.GetResponseAsync("past the share")));
        await _redis.StartAsync(); // empty, on the same port
        await ClockDriver.Guard(restored.Task);
        clock.Advance(TimeSpan.FromSeconds(5)); // the retry interval
        ChatResponse after = await ClockDriver.Guard(me.GetResponseAsync("after"));
        string[] grants = await RedisTestClients.GrantsAsync(mine, myCoordinator, scope);

        Assert.Equal([RedisTestClients.AnswerTo("during 1"), RedisTestClients.AnswerTo("during 2"), RedisTestClients.AnswerTo("during 3")], during);
        Assert.Equal(QwenRateLimitSource.Window, shareSpent.RefusedBy); // five of ten is this process's share, and it holds five
        Assert.Contains("share of the key's limits (1/2", shareSpent.Message, StringComparison.Ordinal);
        Assert.Equal(RedisTestClients.AnswerTo("after"), after.Text);
        Assert.Equal(6, grants.Length); // its five grants (two from Redis, three local) written back, and the new one
        Assert.Equal(7, simulator.Requests.Count);
    }
}
