namespace QwenApi.Extensions.AI;

/// <summary>
/// A call was refused for its rate: the proxy answered HTTP 429 (too many requests) and the retries were used up, or it
/// asked for a wait longer than <see cref="QwenClientOptions.MaxRetryAfter"/> or the remaining
/// <see cref="QwenClientOptions.OverallTimeout"/> (<see cref="RefusedBy"/> is <see cref="QwenRateLimitSource.Server"/>); or
/// the client refused it before sending anything: a shared pause, the coordinator's windows or the server's last
/// reported budget would not admit it in time, or a client-side limiter did not grant it (see <see cref="RefusedBy"/>).
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

    internal QwenRateLimitException(QwenErrorInfo info, QwenRateLimitSource source)
        : this(info) => RefusedBy = source;

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

    /// <summary>
    /// Gets who refused the call (named so because <see cref="Exception.Source"/> is taken): <see cref="QwenRateLimitSource.Server"/> for a 429 (the default), else the client's
    /// <see cref="QwenRateLimitSource.Pause"/>, <see cref="QwenRateLimitSource.Window"/> or <see cref="QwenRateLimitSource.Limiter"/>,
    /// which sent nothing.
    /// </summary>
    public QwenRateLimitSource RefusedBy { get; internal init; }

    /// <summary>
    /// Gets, for a 429, which of the server's limits it reported (from the error code or message, else from the
    /// <c>x-ratelimit-remaining-*</c> header at zero); <see cref="QwenRateLimitKind.Unknown"/> when it did not say, and
    /// for refusals of the client.
    /// </summary>
    public QwenRateLimitKind Limit { get; internal set; }

    /// <summary>Gets the message; for a 429 whose limit is known, it ends by naming that limit.</summary>
    internal override string CoreMessage => RefusedBy == QwenRateLimitSource.Server && Limit != QwenRateLimitKind.Unknown
        ? base.CoreMessage + (Limit == QwenRateLimitKind.Tokens ? " The server's tokens-per-minute limit was reached." : " The server's requests-per-minute limit was reached.")
        : base.CoreMessage;
}
