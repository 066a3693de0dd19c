namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The plan limits of one Qwen key, enforced together by every process that uses the key through Redis
/// (<see cref="QwenRedisRateLimiting.UseRedisRateLimiting"/>, or <c>AddQwenRedisRateLimiting</c> in a container).
/// </summary>
/// <remarks>
/// Limits are sliding windows kept in Redis: a call is admitted while the requests (or tokens) admitted in the last
/// <see cref="Window"/> leave room for it, so no window of that length, however it is aligned with the server's own,
/// ever holds more than the limit. Token use is estimated before a call and corrected to the usage the answer reports.
/// Set the limits a little under the plan's when other clients (not governed by these limits) use the same key.
/// </remarks>
public sealed class QwenRedisRateLimitOptions
{
    /// <summary>Gets or sets the key's requests per <see cref="Window"/> (its RPM), or <see langword="null"/> for no request limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the key's tokens per <see cref="Window"/> (its TPM), or <see langword="null"/> for no token limit.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>
    /// Gets or sets the length of the limits' window. Defaults to 61 seconds: the proxy's RPM and TPM windows are one
    /// minute, and the extra second lets a grant leave our window only after the request left the server's, whatever the
    /// network delay and clock skew.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(61);

    /// <summary>
    /// Gets or sets how many calls of this process may wait for room in each limit at once; one more fails at once with a
    /// <see cref="QwenRateLimitException"/> (nothing sent). Defaults to 10,000.
    /// </summary>
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how long this process governs locally after Redis failed before it tries Redis again. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

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

        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "QwenRedisRateLimitOptions.Window must be positive and at most one day.");
        }

        if (QueueLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueLimit), QueueLimit, "QwenRedisRateLimitOptions.QueueLimit must be zero or more.");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "QwenRedisRateLimitOptions.RetryInterval must be positive.");
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException("QwenRedisRateLimitOptions.KeyPrefix must not be empty.", nameof(KeyPrefix));
        }
    }
}
