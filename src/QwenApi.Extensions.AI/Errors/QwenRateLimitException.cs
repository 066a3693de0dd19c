namespace QwenApi.Extensions.AI;

/// <summary>
/// The proxy answered HTTP 429 (too many requests) and the retries were used up, or it asked for a wait longer than
/// <see cref="QwenClientOptions.MaxRetryAfter"/> or the remaining <see cref="QwenClientOptions.OverallTimeout"/>.
/// </summary>
public sealed class QwenRateLimitException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenRateLimitException"/> class.</summary>
    public QwenRateLimitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenRateLimitException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenRateLimitException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenRateLimitException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenRateLimitException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenRateLimitException(QwenErrorInfo info)
        : base(info)
    {
        RetryAfter = info.RetryAfter;
    }

    /// <summary>
    /// Gets how long the proxy asked to wait (from <c>retry-after-ms</c>, else <c>Retry-After</c> as seconds or an HTTP
    /// date), exactly as sent however long, or <see langword="null"/> when it did not say or said something unreadable.
    /// A value beyond <see cref="TimeSpan.MaxValue"/> (about 29,000 years) is reported as <see cref="TimeSpan.MaxValue"/>.
    /// </summary>
    /// <remarks>
    /// The client waits only up to <see cref="QwenClientOptions.MaxRetryAfter"/> (and never beyond the remaining
    /// <see cref="QwenClientOptions.OverallTimeout"/>, nor beyond about 49.7 days, the longest a timer can wait); a
    /// longer value is not waited for, and this exception is thrown at once with it.
    /// </remarks>
    public TimeSpan? RetryAfter { get; }
}
