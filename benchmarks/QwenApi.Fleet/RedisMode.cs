using QwenApi.Extensions.AI;

namespace QwenApi.Fleet;

/// <summary>
/// All client setup of the <c>redis</c> mode: one limit for the whole fleet, kept in Redis. The only code that changes
/// when the QwenApi.Extensions.AI.Redis package is referenced.
/// </summary>
internal static class RedisMode
{
    /// <summary>Adds fleet-wide request and token limits, shared through the Redis at <paramref name="redisConfiguration"/>.</summary>
    /// <param name="options">The client options to configure.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6380</c>.</param>
    /// <param name="requestsPerMinute">The key's requests per minute.</param>
    /// <param name="tokensPerMinute">The key's tokens per minute.</param>
    /// <returns>The configured options.</returns>
    public static Task<QwenClientOptions> ConfigureAsync(QwenClientOptions options, string redisConfiguration, int requestsPerMinute, int tokensPerMinute)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(redisConfiguration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerMinute);

        // Once QwenApi.Extensions.AI.Redis is referenced (and this method is made async):
        //   IConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        //   return options.UseRedisRateLimiting(redis, o => { o.RequestsPerMinute = requestsPerMinute; o.TokensPerMinute = tokensPerMinute; });
        throw new NotSupportedException("redis mode: QwenApi.Extensions.AI.Redis not referenced yet");
    }
}
