using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Redis stopped mid-run and restarted empty (issue 17, item 4): admissions go on locally with this process's share of the
/// limits, in bounded time whatever the connection's settings, logged once per outage and counted; when Redis is back, the
/// grants this process holds are written back, so the new server knows what the fleet spent. Uses a redis-server of its
/// own, since it kills it.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private const string Category = "QwenApi.Extensions.AI.Redis";
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisStopped_AdmitsWithThisProcesssShare_AndWritesItsGrantsBackToTheRestartedServer()
    {
        var logs = new LogCapture();
        var fallbacks = new List<string>();
        using MeterListener listener = ListenToFallbacks(fallbacks);
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(_redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(_redis);
        DateTimeOffset start = _clock.GetUtcNow();
        RedisRateLimitCoordinator me = RedisTestClients.Coordinator(mine, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 4), logs.CreateFactory());
        RedisRateLimitCoordinator peer = RedisTestClients.Coordinator(theirs, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 4));
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(me, 1));
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(peer, 1));
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(me, 1)); // Redis now says the fleet is two processes

        await _redis.StopAsync();
        var restored = new TaskCompletionSource();
        mine.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        using QwenRateLimitAdmission shareSpent = await me.AdmitAsync(RedisTestClients.Scope, 1);
        await _redis.StartAsync(); // empty, on the same port
        await ClockDriver.Guard(restored.Task);
        _clock.Advance(TimeSpan.FromSeconds(5)); // the retry interval
        using QwenRateLimitAdmission back = await me.AdmitAsync(RedisTestClients.Scope, 1);
        string[] grants = await RedisTestClients.GrantsAsync(mine, me);

        Assert.False(shareSpent.IsAdmitted); // 2 of 4 is this process's share, and it holds 2
        Assert.Contains("share", shareSpent.Reason, StringComparison.Ordinal);
        Assert.InRange(shareSpent.RetryAfter!.Value, TimeSpan.FromSeconds(60.9), TimeSpan.FromSeconds(61));
        Assert.True(back.IsAdmitted);
        Assert.Equal(3, grants.Length); // its two grants written back, and the new one
        Assert.Single(logs.Messages(Category, LogLevel.Warning)); // once per outage, not once per call
        Assert.Single(logs.Messages(Category, LogLevel.Information));
        lock (fallbacks)
        {
            Assert.Contains("admit", fallbacks);
        }
    }

    [Fact]
    public async Task RedisStopped_WithAConnectionThatQueuesCommands_AdmitsWithinTheOperationTimeout()
    {
        var logs = new LogCapture();
        // The multiplexer would queue a command for 60 s: the coordinator's own 250 ms bound is what must end the wait.
        using ConnectionMultiplexer queueing = await RedisTestClients.ConnectAsync(_redis.Configuration + ",asyncTimeout=60000", failFast: false);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(queueing, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute, l.OperationTimeout) = (RedisTestClients.UniquePrefix(), 2, TimeSpan.FromMilliseconds(250)), logs.CreateFactory());
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(coordinator, 1));

        await _redis.StopAsync();
        var watch = Stopwatch.StartNew();
        using QwenRateLimitAdmission during = await coordinator.AdmitAsync(RedisTestClients.Scope, 1);
        using QwenRateLimitAdmission spent = await coordinator.AdmitAsync(RedisTestClients.Scope, 1);
        watch.Stop();

        Assert.True(during.IsAdmitted);
        Assert.False(spent.IsAdmitted); // this process's share (all of it: the fleet is one) is spent locally
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}"); // the 250 ms bound, not the multiplexer's 60 s
        Assert.Single(logs.Messages(Category, LogLevel.Warning));
    }

    private static MeterListener ListenToFallbacks(List<string> fallbacks)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "QwenApi.Extensions.AI" && instrument.Name == "qwen.client.rate_limit.redis.fallbacks")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (fallbacks)
            {
                fallbacks.Add((string)tags[0].Value!);
            }
        });
        listener.Start();
        return listener;
    }
}
