using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>Connections and clients for the Redis tests: every timeout off unless a test sets one, no retries, the fake clock.</summary>
internal static class RedisTestClients
{
    /// <summary>A connection of its own (as another process would have), ready for outages: fail fast, reconnect quickly.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(redis.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>A unique key prefix, so tests sharing one server never see each other's windows.</summary>
    public static string UniquePrefix() => "test:" + Guid.NewGuid().ToString("N") + ":";

    public static QwenClientOptions Options(QwenSimulator simulator, TimeProvider time, ILoggerFactory? logs = null) => new()
    {
        ApiKey = simulator.ApiKey,
        Endpoint = simulator.Endpoint,
        ModelId = "qwen-plus",
        TimeProvider = time,
        LoggerFactory = logs,
        MaxRetries = 0,
        OverallTimeout = Timeout.InfiniteTimeSpan,
        ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
        StreamIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A client sharing <paramref name="configure"/>'s limits through <paramref name="redis"/>.</summary>
    public static QwenChatClient Create(QwenSimulator simulator, TimeProvider time, IConnectionMultiplexer redis, Action<QwenRedisRateLimitOptions> configure, Action<QwenClientOptions>? client = null, ILoggerFactory? logs = null)
    {
        QwenClientOptions options = Options(simulator, time, logs);
        client?.Invoke(options);
        return new QwenChatClient(options.UseRedisRateLimiting(redis, configure));
    }

    /// <summary>The Redis key holding the window total of one limit (requests or tokens) of the simulator's key.</summary>
    public static RedisKey TotalKey(string prefix, QwenSimulator simulator, string limit) =>
        prefix + "{" + QwenRateLimitCoordinator.GetScope(simulator.Endpoint, simulator.ApiKey) + "}:" + limit + ":total";

    /// <summary>The simulator's default answer to <paramref name="prompt"/>.</summary>
    public static string AnswerTo(string prompt) => "Simulated answer to: " + prompt;
}
