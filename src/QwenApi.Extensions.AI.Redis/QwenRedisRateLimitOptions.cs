namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The plan limits of one Qwen key (<see cref="QwenRateLimitOptions"/>), enforced together by every process that uses the
/// key through Redis (<see cref="QwenRedisRateLimiting.UseRedisRateLimiting"/>, or <c>AddQwenRedisRateLimiting</c> in a
/// container), and the Redis settings.
/// </summary>
/// <remarks>
/// Every process of a key should use the same <see cref="QwenRateLimitOptions.Window"/>: the window's length is part of
/// the Redis keys, so processes with different windows keep separate windows (they never corrupt each other, but neither do
/// they share). Set the limits a little under the plan's when other clients (not governed by these limits) use the key.
/// </remarks>
public sealed class QwenRedisRateLimitOptions : QwenRateLimitOptions
{
    /// <summary>
    /// Gets or sets how long this process governs locally after Redis failed before it tries Redis again. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long one Redis operation may take before it counts as an outage (the call is then admitted locally,
    /// with this process's share of the limits), whatever the connection's own timeouts and backlog. Defaults to 250 ms.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets the prefix of every Redis key written (the rest is the endpoint and a hash of the API key, never the
    /// key). Defaults to <c>qwen:ratelimit:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "qwen:ratelimit:";

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    internal void Validate()
    {
        if (RequestsPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, "QwenRedisRateLimitOptions.RequestsPerMinute must be positive, or null for no request limit.");
        }

        if (TokensPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TokensPerMinute), TokensPerMinute, "QwenRedisRateLimitOptions.TokensPerMinute must be positive, or null for no token limit.");
        }

        if (Window < TimeSpan.FromMilliseconds(1) || Window > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "QwenRedisRateLimitOptions.Window must be at least 1 ms and at most one day.");
        }

        if (QueueLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueLimit), QueueLimit, "QwenRedisRateLimitOptions.QueueLimit must be zero or more.");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "QwenRedisRateLimitOptions.RetryInterval must be positive.");
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "QwenRedisRateLimitOptions.OperationTimeout must be positive and at most one minute.");
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException("QwenRedisRateLimitOptions.KeyPrefix must not be empty.", nameof(KeyPrefix));
        }
    }
}
