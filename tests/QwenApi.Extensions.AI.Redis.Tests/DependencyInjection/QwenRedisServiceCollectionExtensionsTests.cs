using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Redis.Tests.DependencyInjection;

/// <summary>The one line beside <c>AddQwenChatClient</c>: clients of two containers (two replicas) share one limit.</summary>
public sealed class QwenRedisServiceCollectionExtensionsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AddQwenRedisRateLimiting_MakesTheClientsOfTwoContainersShareOneLimit()
    {
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        await using ServiceProvider first = Replica(simulator, prefix);
        await using ServiceProvider second = Replica(simulator, prefix);

        _ = await first.GetRequiredService<IChatClient>().GetResponseAsync("first");
        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => second.GetRequiredService<IChatClient>().GetResponseAsync("second"));

        Assert.Null(limited.StatusCode);
        Assert.Contains("QwenClientOptions.RequestRateLimiter", limited.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public void AddQwenRedisRateLimiting_KeepsALimiterTheAppSetItself()
    {
        using var own = new System.Threading.RateLimiting.ConcurrencyLimiter(new() { PermitLimit = 1, QueueLimit = 0 });
        var services = new ServiceCollection();
        services.AddQwenChatClient(o => (o.ApiKey, o.Endpoint, o.ModelId, o.RequestRateLimiter) = ("k", new Uri("http://127.0.0.1:1/v1"), "qwen-plus", own), configurationSectionPath: null);
        services.AddQwenRedisRateLimiting(redis.Configuration, l => (l.RequestsPerMinute, l.TokensPerMinute) = (1, 1_000));
        using ServiceProvider provider = services.BuildServiceProvider();

        QwenClientOptions options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<QwenClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Same(own, options.RequestRateLimiter);
        Assert.NotNull(options.TokenRateLimiter);
        Assert.NotSame(own, options.TokenRateLimiter);
        Assert.Equal("RedisRateLimitCoordinator", options.RateLimitCoordinator?.GetType().Name);
    }

    [Fact]
    public void AddQwenRedisRateLimiting_GivesClientsOfOneKeyOneSetOfLimiters_AndAnotherKeyItsOwn()
    {
        var services = new ServiceCollection();
        foreach ((string name, string key) in new[] { ("fast", "key-1"), ("smart", "key-1"), ("other", "key-2") })
        {
            services.AddKeyedQwenChatClient(name, o => (o.ApiKey, o.ModelId) = (key, "qwen-plus"), configurationSectionPath: null);
        }

        services.AddQwenRedisRateLimiting(redis.Configuration, l => l.RequestsPerMinute = 10);
        using ServiceProvider provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<QwenClientOptions>>();

        QwenClientOptions fast = monitor.Get("fast");
        QwenClientOptions smart = monitor.Get("smart");
        QwenClientOptions other = monitor.Get("other");

        Assert.NotNull(fast.RequestRateLimiter);
        Assert.Same(fast.RequestRateLimiter, smart.RequestRateLimiter); // one queue and one outage state per key
        Assert.Same(fast.RateLimitCoordinator, smart.RateLimitCoordinator);
        Assert.NotSame(fast.RequestRateLimiter, other.RequestRateLimiter);
    }

    [Fact]
    public async Task AddQwenRedisRateLimiting_WithRedisUnreachable_GovernsLocally_AndWarnsOnce()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var logs = new ListLogger();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddQwenChatClient(
            o => (o.ApiKey, o.Endpoint, o.ModelId, o.OverallTimeout) = (simulator.ApiKey, simulator.Endpoint, "qwen-plus", TimeSpan.FromSeconds(10)),
            configurationSectionPath: null);
        services.AddQwenRedisRateLimiting("127.0.0.1:1", l => l.RequestsPerMinute = 1); // nothing listens there
        await using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredService<IChatClient>();

        ChatResponse answer = await client.GetResponseAsync("first");
        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("second"));

        Assert.Equal(RedisTestClients.AnswerTo("first"), answer.Text); // Redis down never fails a call
        Assert.Contains("QwenClientOptions.RequestRateLimiter", limited.Message, StringComparison.Ordinal); // the local stand-in holds the limit
        Assert.Single(simulator.Requests);
        Assert.Single(logs.Messages("QwenApi.Extensions.AI.Redis", LogLevel.Warning));
    }

    private ServiceProvider Replica(QwenSimulator simulator, string prefix)
    {
        var services = new ServiceCollection();
        services.AddQwenChatClient(
            o => (o.ApiKey, o.Endpoint, o.ModelId, o.AllowInsecureHttp, o.OverallTimeout) = (simulator.ApiKey, simulator.Endpoint, "qwen-plus", true, TimeSpan.FromSeconds(10)),
            configurationSectionPath: null);
        services.AddQwenRedisRateLimiting(redis.Configuration, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 1));
        return services.BuildServiceProvider();
    }
}
