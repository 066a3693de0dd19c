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
    /// and token limits and the pause a 429 asks for with every other process that does the same for the same endpoint
    /// and key. Sets <see cref="QwenClientOptions.RateLimitCoordinator"/>, and <see cref="QwenClientOptions.RequestRateLimiter"/>
    /// / <see cref="QwenClientOptions.TokenRateLimiter"/> for the limits configured.
    /// </summary>
    /// <remarks>
    /// Call it after setting <see cref="QwenClientOptions.ApiKey"/>, <see cref="QwenClientOptions.Endpoint"/>,
    /// <see cref="QwenClientOptions.TimeProvider"/> and <see cref="QwenClientOptions.LoggerFactory"/>: the Redis keys are
    /// derived from the endpoint and a hash of the key (never the key). If Redis is unreachable, calls go on under local
    /// governance (the same limits, this process alone), logged once and counted in metrics, and never fail because of
    /// Redis; sharing resumes when it answers again. Give the multiplexer <c>AbortOnConnectFail = false</c> and a
    /// fail-fast <c>BacklogPolicy</c> so that an outage is noticed at once rather than after the command timeout.
    /// </remarks>
    /// <param name="options">The client options to complete.</param>
    /// <param name="redis">The Redis connection (shared; not disposed by the client).</param>
    /// <param name="configure">Sets the key's limits; without limits only pauses are shared.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No API key is set on <paramref name="options"/>, or a limit setting is out of range.</exception>
    public static QwenClientOptions UseRedisRateLimiting(this QwenClientOptions options, IConnectionMultiplexer redis, Action<QwenRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redis);
        var limits = new QwenRedisRateLimitOptions();
        configure?.Invoke(limits);
        Create(options, redis, limits, options.LoggerFactory).AssignTo(options, replace: true);
        return options;
    }

    /// <summary>Builds the shared coordinator and limiters for the endpoint and key of <paramref name="options"/>.</summary>
    internal static RedisGovernance Create(QwenClientOptions options, IConnectionMultiplexer redis, QwenRedisRateLimitOptions limits, ILoggerFactory? loggerFactory)
    {
        limits.Validate();
        string scope = Scope(options);
        ILogger logger = loggerFactory?.CreateLogger("QwenApi.Extensions.AI.Redis") ?? NullLogger.Instance;
        var backend = new RedisBackend(redis, options.TimeProvider, logger, limits.RetryInterval);
        return new RedisGovernance(
            new RedisRateLimitCoordinator(backend, limits.KeyPrefix),
            limits.RequestsPerMinute is { } requests ? Limiter(backend, limits, scope, "requests", requests) : null,
            limits.TokensPerMinute is { } tokens ? Limiter(backend, limits, scope, "tokens", tokens) : null);
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

    private static RedisSlidingWindowLimiter Limiter(RedisBackend backend, QwenRedisRateLimitOptions limits, string scope, string name, int limit) =>
        new(backend, new RedisWindowKeys(limits.KeyPrefix, scope, name), limit, limits.Window, limits.QueueLimit);
}
