using QwenApi.Extensions.AI;
using StackExchange.Redis;

namespace QwenApi.Fleet;

/// <summary>
/// All client setup of the <c>redis</c> mode: one limit for the whole fleet, kept in Redis. What a user writes: one
/// <c>UseRedisRateLimiting</c> (QwenApi.Extensions.AI.Redis) with the key's limits.
/// </summary>
internal static class RedisMode
{
    /// <summary>Adds fleet-wide request and token limits, shared through the Redis at <paramref name="redisConfiguration"/>.</summary>
    /// <param name="options">The client options to configure.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6380</c>.</param>
    /// <param name="requestsPerMinute">The key's requests per minute.</param>
    /// <param name="tokensPerMinute">The key's tokens per minute.</param>
    /// <param name="accounting">How the key's server charges tokens, as the operator configures it.</param>
    /// <returns>The configured options.</returns>
    public static async Task<QwenClientOptions> ConfigureAsync(QwenClientOptions options, string redisConfiguration, int requestsPerMinute, int tokensPerMinute, QwenTokenAccounting accounting)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(redisConfiguration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerMinute);

        // The connection lives as long as the worker (one client per process); the package's defaults otherwise.
        ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration + ",abortConnect=false").ConfigureAwait(false);
        return options.UseRedisRateLimiting(redis, limits => (limits.RequestsPerMinute, limits.TokensPerMinute, limits.TokenAccounting) = (requestsPerMinute, tokensPerMinute, accounting));
    }
}
