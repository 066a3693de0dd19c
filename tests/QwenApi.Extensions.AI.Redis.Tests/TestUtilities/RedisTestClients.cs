using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>Connections and coordinators for the Redis tests: fail-fast connections, unique key prefixes, the fake clock.</summary>
internal static class RedisTestClients
{
    /// <summary>A scope as the client builds it (an endpoint and a key hash).</summary>
    public static readonly string Scope = QwenRateLimitCoordinator.GetScope(new Uri("https://qwen.test/v1"), "test-key");

    /// <summary>A connection of its own (as another process would have), ready for outages: fail fast, reconnect quickly.</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis) => ConnectAsync(redis.Configuration);

    public static async Task<ConnectionMultiplexer> ConnectAsync(string configuration, bool failFast = true)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = failFast ? BacklogPolicy.FailFast : BacklogPolicy.Default;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>A unique key prefix, so tests sharing one server never see each other's windows.</summary>
    public static string UniquePrefix() => "test:" + Guid.NewGuid().ToString("N") + ":";

    /// <summary>
    /// A coordinator as one process would have it, on <paramref name="clock"/>: the scripts add the clock's advance since
    /// <paramref name="start"/> to Redis's TIME, so that advancing the fake clock moves the shared windows too.
    /// </summary>
    public static RedisRateLimitCoordinator Coordinator(IConnectionMultiplexer redis, FakeTimeProvider clock, DateTimeOffset start, Action<QwenRedisRateLimitOptions> configure, ILoggerFactory? logs = null)
    {
        var limits = new QwenRedisRateLimitOptions { OperationTimeout = TimeSpan.FromSeconds(10) }; // a busy test machine is no outage
        configure(limits);
        limits.Validate();
        ILogger logger = logs?.CreateLogger("QwenApi.Extensions.AI.Redis") ?? NullLogger.Instance;
        var backend = new RedisBackend(Task.FromResult(redis), clock, logger, limits.RetryInterval, limits.OperationTimeout);
        return new RedisRateLimitCoordinator(backend, limits, () => (long)(clock.GetUtcNow() - start).TotalMilliseconds);
    }

    /// <summary>Admits <paramref name="count"/> attempts of <paramref name="tokens"/> tokens; returns how many were admitted.</summary>
    public static async Task<int> AdmitManyAsync(QwenRateLimitCoordinator coordinator, int count, long tokens = 1)
    {
        int admitted = 0;
        for (int i = 0; i < count; i++)
        {
            using QwenRateLimitAdmission admission = await coordinator.AdmitAsync(Scope, tokens);
            admitted += admission.IsAdmitted ? 1 : 0;
        }

        return admitted;
    }

    /// <summary>The members (<c>id:tokens</c>) of the grant set of <paramref name="scope"/> (by default <see cref="Scope"/>), oldest first.</summary>
    public static async Task<string[]> GrantsAsync(IConnectionMultiplexer redis, RedisRateLimitCoordinator coordinator, string? scope = null) =>
        [.. (await redis.GetDatabase().SortedSetRangeByScoreAsync(coordinator.State(scope ?? Scope).Keys.Grants)).Select(m => m.ToString())];

    /// <summary>The simulator's default answer to <paramref name="prompt"/>.</summary>
    public static string AnswerTo(string prompt) => "Simulated answer to: " + prompt;
}
