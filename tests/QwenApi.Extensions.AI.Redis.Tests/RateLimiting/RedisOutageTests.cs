using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Redis stopped mid-run and restarted (issue 12, item 3): calls go on under local governance and never fail because of
/// Redis, the switch is logged once and counted, and sharing resumes once Redis answers and the retry interval passed.
/// Uses a server of its own, since it stops it.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private const string Category = "QwenApi.Extensions.AI.Redis";
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisStoppedMidRun_CallsGoOnLocally_AndSharingResumesWhenItIsBack()
    {
        var clock = new TrackingTimeProvider();
        var logs = new ListLogger();
        string prefix = RedisTestClients.UniquePrefix();
        var fallbacks = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "QwenApi.Extensions.AI" && instrument.Name == "qwen.client.rate_limit.redis.fallbacks")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (fallbacks)
            {
                fallbacks.Add((string)tags[0].Value!);
            }
        });
        listener.Start();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(_redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.RequestsPerMinute, l.TokensPerMinute) = (prefix, 100, 100_000), logs: logs);
        RedisKey requests = RedisTestClients.TotalKey(prefix, simulator, "requests");

        _ = await client.GetResponseAsync("before");
        Assert.Equal(1, (long)await connection.GetDatabase().StringGetAsync(requests));

        await _redis.StopAsync();
        var restored = new TaskCompletionSource();
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult(); // commands can run again (the subscription connection reports on its own)
            }
        };
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(RedisTestClients.AnswerTo("during " + i), (await client.GetResponseAsync("during " + i)).Text);
        }

        Assert.Single(logs.Messages(Category, LogLevel.Warning)); // once per outage, not once per call
        lock (fallbacks)
        {
            Assert.Contains("acquire", fallbacks);
            Assert.Contains("pause", fallbacks);
        }

        await _redis.StartAsync(); // empty, on the same port
        await ClockDriver.Guard(restored.Task);
        clock.Advance(TimeSpan.FromSeconds(5)); // the retry interval
        _ = await client.GetResponseAsync("after");

        Assert.Equal(1, (long)await connection.GetDatabase().StringGetAsync(requests)); // the new server's window holds the new call
        Assert.Single(logs.Messages(Category, LogLevel.Information));
        Assert.Single(logs.Messages(Category, LogLevel.Warning));
        Assert.Equal(5, simulator.Requests.Count);
    }
}
