namespace QwenApi.Extensions.AI;

/// <summary>
/// The plan limits of one Qwen key as a <see cref="QwenRateLimitCoordinator"/> enforces them: requests and tokens per
/// minute over a sliding window, for the whole key or for each model, with the accounting the server uses.
/// </summary>
/// <remarks>
/// A store that shares the limits between processes (the Redis package) derives its options from this class.
/// </remarks>
public class QwenRateLimitOptions
{
    /// <summary>Gets or sets the key's requests per minute (its RPM), or <see langword="null"/> for no request limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the key's tokens per minute (its TPM), or <see langword="null"/> for no token limit.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>
    /// Gets or sets the length of the sliding window the per-minute limits are enforced over. Defaults to 61 seconds: the
    /// server's windows are one minute, and the extra second lets a grant leave our window only after it left the
    /// server's, whatever the network delay and clock skew.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(61);

    /// <summary>Gets or sets what the limits are counted for: the key (the default) or the key and each model.</summary>
    public QwenRateLimitScope Scope { get; set; } = QwenRateLimitScope.Key;

    /// <summary>Gets or sets how the server counts a call's tokens. Defaults to <see cref="QwenTokenAccounting.Admission"/>, the safe choice.</summary>
    public QwenTokenAccounting TokenAccounting { get; set; } = QwenTokenAccounting.Admission;

    /// <summary>
    /// Gets or sets how many calls of this process may wait for room at once; one more fails at once with a
    /// <see cref="QwenRateLimitException"/> (nothing sent). Defaults to 10,000.
    /// </summary>
    public int QueueLimit { get; set; } = 10_000;
}
