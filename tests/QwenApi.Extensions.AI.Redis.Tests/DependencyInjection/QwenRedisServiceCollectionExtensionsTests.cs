using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Redis.Tests.DependencyInjection;

/// <summary>The one line beside <c>AddQwenChatClient</c>: the coordinators of two containers (two replicas) share one limit.</summary>
public sealed class QwenRedisServiceCollectionExtensionsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AddQwenRedisRateLimiting_MakesTheCoordinatorsOfTwoContainersShareOneLimit()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using StackExchange.Redis.ConnectionMultiplexer one = await RedisTestClients.ConnectAsync(redis);
        using StackExchange.Redis.ConnectionMultiplexer another = await RedisTestClients.ConnectAsync(redis);
        await using ServiceProvider first = Replica(one, prefix);
        await using ServiceProvider second = Replica(another, prefix);
        QwenRateLimitCoordinator a = Options(first).RateLimitCoordinator!;
        QwenRateLimitCoordinator b = Options(second).RateLimitCoordinator!;
        string scope = QwenRateLimitCoordinator.GetScope(Options(first).Endpoint, "k");

        using QwenRateLimitAdmission admitted = await a.AdmitAsync(scope, 1);
        using QwenRateLimitAdmission refused = await b.AdmitAsync(scope, 1);

        Assert.True(admitted.IsAdmitted);
        Assert.False(refused.IsAdmitted);
        Assert.Contains("shared through Redis", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQwenRedisRateLimiting_KeepsACoordinatorTheAppSetItself()
    {
        var own = new QwenRateLimitCoordinator();
        var services = new ServiceCollection();
        services.AddKeyedQwenChatClient("own", o => (o.ApiKey, o.ModelId, o.RateLimitCoordinator) = ("k", "qwen-plus", own), configurationSectionPath: null);
        services.AddKeyedQwenChatClient("shared", o => (o.ApiKey, o.ModelId) = ("k", "qwen-plus"), configurationSectionPath: null);
        services.AddQwenRedisRateLimiting(redis.Configuration, l => (l.RequestsPerMinute, l.TokensPerMinute) = (1, 1_000));
        using ServiceProvider provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<QwenClientOptions>>();

        Assert.Same(own, monitor.Get("own").RateLimitCoordinator);
        Assert.IsType<RedisRateLimitCoordinator>(monitor.Get("shared").RateLimitCoordinator);
        Assert.Null(monitor.Get("shared").RequestRateLimiter); // the coordinator holds the limits now
    }

    [Fact]
    public void AddQwenRedisRateLimiting_GivesClientsOfOneKeyOneCoordinator_AndAnotherKeyItsOwn()
    {
        var services = new ServiceCollection();
        foreach ((string name, string key) in new[] { ("fast", "key-1"), ("smart", "key-1"), ("other", "key-2") })
        {
            services.AddKeyedQwenChatClient(name, o => (o.ApiKey, o.ModelId) = (key, "qwen-plus"), configurationSectionPath: null);
        }

        services.AddQwenRedisRateLimiting(redis.Configuration, l => l.RequestsPerMinute = 10);
        using ServiceProvider provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<QwenClientOptions>>();

        Assert.NotNull(monitor.Get("fast").RateLimitCoordinator);
        Assert.Same(monitor.Get("fast").RateLimitCoordinator, monitor.Get("smart").RateLimitCoordinator); // one outage state and local share per key
        Assert.NotSame(monitor.Get("fast").RateLimitCoordinator, monitor.Get("other").RateLimitCoordinator);
    }

    [Fact]
    public async Task AddQwenRedisRateLimiting_WithRedisUnreachable_AdmitsLocallyAtOnce_AndWarnsOnce()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddQwenChatClient(o => (o.ApiKey, o.ModelId) = ("k", "qwen-plus"), configurationSectionPath: null);
        services.AddQwenRedisRateLimiting("127.0.0.1:1", l => l.RequestsPerMinute = 1); // nothing listens there
        await using ServiceProvider provider = services.BuildServiceProvider();
        QwenClientOptions options = Options(provider);
        string scope = QwenRateLimitCoordinator.GetScope(options.Endpoint, "k");

        using QwenRateLimitAdmission first = await options.RateLimitCoordinator!.AdmitAsync(scope, 1);
        using QwenRateLimitAdmission second = await options.RateLimitCoordinator.AdmitAsync(scope, 1);

        Assert.True(first.IsAdmitted); // Redis down never refuses a call the limits allow
        Assert.False(second.IsAdmitted); // the local share (the whole limit: the fleet's size is unknown, so one) holds it
        Assert.Single(logs.Messages("QwenApi.Extensions.AI.Redis", LogLevel.Warning));
    }

    /// <summary>
    /// That no admission waits for a connection still being made, proved without timing: the connection here is never
    /// made at all, and both admissions still complete (the guard only catches a hang). This replaces a wall-clock bound
    /// ("under 1 s") that a loaded CI machine broke once (1.2 s).
    /// </summary>
    [Fact]
    public async Task ConnectionNeverMade_AdmissionsDoNotWaitForIt_AdmitLocallyAndWarnOnce()
    {
        var logs = new LogCapture();
        var never = new TaskCompletionSource<StackExchange.Redis.IConnectionMultiplexer>();
        var limits = new QwenRedisRateLimitOptions { RequestsPerMinute = 1 };
        var backend = new RedisBackend(never.Task, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), logs.CreateFactory().CreateLogger("QwenApi.Extensions.AI.Redis"), limits.RetryInterval, limits.OperationTimeout);
        var coordinator = new RedisRateLimitCoordinator(backend, limits);

        using QwenRateLimitAdmission first = await ClockDriver.Guard(coordinator.AdmitAsync(RedisTestClients.Scope, 1).AsTask());
        using QwenRateLimitAdmission second = await ClockDriver.Guard(coordinator.AdmitAsync(RedisTestClients.Scope, 1).AsTask());

        Assert.False(never.Task.IsCompleted);
        Assert.True(first.IsAdmitted);
        Assert.False(second.IsAdmitted);
        Assert.Single(logs.Messages("QwenApi.Extensions.AI.Redis", LogLevel.Warning));
    }

    private static QwenClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptionsMonitor<QwenClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

    private static ServiceProvider Replica(StackExchange.Redis.IConnectionMultiplexer connection, string prefix)
    {
        var services = new ServiceCollection();
        services.AddQwenChatClient(o => (o.ApiKey, o.ModelId) = ("k", "qwen-plus"), configurationSectionPath: null);
        services.AddQwenRedisRateLimiting(_ => connection, l => (l.KeyPrefix, l.RequestsPerMinute, l.OperationTimeout) = (prefix, 1, TimeSpan.FromSeconds(10)));
        return services.BuildServiceProvider();
    }
}
