using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QwenApi.Extensions.AI.Redis;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI;

/// <summary>Shares a Qwen key's rate limits and pauses between processes through Redis.</summary>
public static class QwenRedisRateLimiting
{
    /// <summary>
    /// Makes the client built from <paramref name="options"/> share, through <paramref name="redis"/>, the key's request
    /// and token limits, the pause a 429 asks for and the budget the server reports with every other process that does the
    /// same for the same endpoint and key: sets <see cref="QwenClientOptions.RateLimitCoordinator"/> (one Redis script per
    /// admission).
    /// </summary>
    /// <remarks>
    /// Call it after setting <see cref="QwenClientOptions.ApiKey"/>, <see cref="QwenClientOptions.Endpoint"/>,
    /// <see cref="QwenClientOptions.TimeProvider"/> and <see cref="QwenClientOptions.LoggerFactory"/>: the Redis keys are
    /// derived from the endpoint and a hash of the key (never the key). If Redis is unreachable, or an operation takes longer
    /// than <see cref="QwenRedisRateLimitOptions.OperationTimeout"/>, calls go on with this process's share of the limits
    /// (by the fleet's last known size), logged once and counted in metrics, and never fail because of Redis; sharing
    /// resumes when it answers again, and this process writes back the grants it holds. Build the multiplexer with
    /// <c>AbortOnConnectFail = false</c> (it then connects in the background), <c>BacklogPolicy = BacklogPolicy.FailFast</c>
    /// (commands fail at once while disconnected instead of queueing) and a short <c>ConnectTimeout</c>, so that an outage
    /// is noticed at once; the operation timeout bounds every call whatever the settings.
    /// </remarks>
    /// <param name="options">The client options to complete.</param>
    /// <param name="redis">The Redis connection (shared; not disposed by the client).</param>
    /// <param name="configure">Sets the key's limits; without limits only pauses and the server's budget are shared.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No API key is set on <paramref name="options"/>, or a limit setting is out of range.</exception>
    public static QwenClientOptions UseRedisRateLimiting(this QwenClientOptions options, IConnectionMultiplexer redis, Action<QwenRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redis);
        var limits = new QwenRedisRateLimitOptions();
        configure?.Invoke(limits);
        _ = Scope(options);
        options.RateLimitCoordinator = Create(options, Task.FromResult(redis), limits, options.LoggerFactory);
        return options;
    }

    /// <summary>Builds the shared coordinator for <paramref name="options"/>' clock.</summary>
    internal static RedisRateLimitCoordinator Create(QwenClientOptions options, Task<IConnectionMultiplexer> redis, QwenRedisRateLimitOptions limits, ILoggerFactory? loggerFactory)
    {
        limits.Validate();
        ILogger logger = loggerFactory?.CreateLogger("QwenApi.Extensions.AI.Redis") ?? NullLogger.Instance;
        return new RedisRateLimitCoordinator(new RedisBackend(redis, options.TimeProvider, logger, limits.RetryInterval, limits.OperationTimeout), limits);
    }

    /// <summary>The scope of <paramref name="options"/>' endpoint and key, which must be set.</summary>
    internal static string Scope(QwenClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("QwenClientOptions.ApiKey must be set before UseRedisRateLimiting: the shared limits belong to the key (they are stored under its hash and the endpoint).", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.Endpoint);
        return QwenRateLimitCoordinator.GetScope(options.Endpoint, options.ApiKey);
    }
}
