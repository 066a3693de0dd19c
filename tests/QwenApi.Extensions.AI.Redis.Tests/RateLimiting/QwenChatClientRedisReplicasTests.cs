using Microsoft.Extensions.DependencyInjection;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Two replicas of an app (two containers, each with <c>AddQwenChatClient()</c> and
/// <c>AddQwenRedisRateLimiting(configuration, …)</c>, each making its own connection) share one request limit through
/// their clients. The containers' coordinators run on Redis's own clock, so the test does not wait out the window: a call
/// whose wait is longer than the overall timeout fails at once, which shows the wait the shared window asked for.
/// </summary>
public sealed class QwenChatClientRedisReplicasTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task TwoReplicas_ShareOneRequestLimitThroughTheirClients()
    {
        string prefix = RedisTestClients.UniquePrefix();
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        await using ServiceProvider first = await ReplicaAsync(simulator, clock, prefix);
        await using ServiceProvider second = await ReplicaAsync(simulator, clock, prefix);
        IChatClient one = first.GetRequiredService<IChatClient>();
        IChatClient another = second.GetRequiredService<IChatClient>();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        ChatResponse fromOne = await ClockDriver.Guard(one.GetResponseAsync("one"));
        ChatResponse fromAnother = await ClockDriver.Guard(another.GetResponseAsync("another"));
        var oneRefused = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(one.GetResponseAsync("one again")));
        var anotherRefused = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(another.GetResponseAsync("another again")));

        Assert.Equal(RedisTestClients.AnswerTo("one"), fromOne.Text);
        Assert.Equal(RedisTestClients.AnswerTo("another"), fromAnother.Text);
        foreach (QwenRateLimitException refused in new[] { oneRefused, anotherRefused })
        {
            Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
            Assert.Contains("RequestsPerMinute = 2 per 61 s, shared through Redis", refused.Message, StringComparison.Ordinal); // Redis's window, not a local share
            Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(61) - watch.Elapsed, TimeSpan.FromSeconds(62)); // the oldest grant's time left, plus at most 1 s of jitter: past the 30 s timeout
        }

        Assert.Equal(2, simulator.Requests.Count);
        Assert.Equal(clock.Start, clock.GetUtcNow());
    }

    /// <summary>A replica: its own container and connection (made from the configuration string), connected before the first call.</summary>
    private async Task<ServiceProvider> ReplicaAsync(QwenSimulator simulator, TimeProvider clock, string prefix)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddQwenChatClient(
            o =>
            {
                (o.ApiKey, o.Endpoint, o.ModelId, o.MaxRetries) = (simulator.ApiKey, simulator.Endpoint, "qwen-plus", 0);
                (o.OverallTimeout, o.ResponseHeadersTimeout, o.StreamIdleTimeout) = (TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            },
            configurationSectionPath: null);
        services.AddQwenRedisRateLimiting(redis.Configuration, l => (l.KeyPrefix, l.RequestsPerMinute, l.OperationTimeout) = (prefix, 2, TimeSpan.FromSeconds(10)));
        ServiceProvider provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IChatClient>();
        _ = await ClockDriver.Guard(provider.GetRequiredService<QwenRedisConnection>().Multiplexer); // otherwise the first call is admitted locally
        return provider;
    }
}
