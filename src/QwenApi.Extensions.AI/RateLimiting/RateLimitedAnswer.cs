namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads a 429: which limit it reports, and until when the scope must pause. A tokens 429 often says <c>Retry-After: 1</c>
/// while the token budget frees only at its reset, so the pause lasts until the later of the two hints.
/// </summary>
internal static class RateLimitedAnswer
{
    /// <summary>
    /// The limit a 429 reports: the error code (<c>limit_tokens</c>; <c>limit_requests</c>), then the message (OpenAI's
    /// "… on tokens per min (TPM)"), then which <c>x-ratelimit-remaining-*</c> is zero; otherwise unknown.
    /// </summary>
    public static QwenRateLimitKind Kind(string? code, string? message, QwenServerRateLimits? limits)
    {
        if (string.Equals(code, "limit_tokens", StringComparison.OrdinalIgnoreCase)
            || (message is not null && (message.Contains("token", StringComparison.OrdinalIgnoreCase) || message.Contains("TPM", StringComparison.Ordinal))))
        {
            return QwenRateLimitKind.Tokens;
        }

        if (limits?.RemainingTokens == 0 && limits.RemainingRequests != 0)
        {
            return QwenRateLimitKind.Tokens;
        }

        if (string.Equals(code, "limit_requests", StringComparison.OrdinalIgnoreCase)
            || limits?.RemainingRequests == 0
            || (message is not null && (message.Contains("requests per", StringComparison.OrdinalIgnoreCase)
                || message.Contains("requests rate", StringComparison.OrdinalIgnoreCase)
                || message.Contains("RPM", StringComparison.Ordinal))))
        {
            return QwenRateLimitKind.Requests;
        }

        return QwenRateLimitKind.Unknown;
    }

    /// <summary>
    /// Until when the scope pauses: the later of <c>Retry-After</c> and the reset of the limit the 429 reports (for an
    /// unknown one, of every limit the server says is exhausted); <see langword="null"/> without any hint (no pause).
    /// </summary>
    public static DateTimeOffset? PauseUntil(DateTimeOffset now, TimeSpan? retryAfter, QwenRateLimitKind kind, QwenServerRateLimits? limits)
    {
        DateTimeOffset? until = retryAfter is { } wait && wait > TimeSpan.Zero
            ? (wait >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + wait)
            : null;
        if (limits is null)
        {
            return until;
        }

        if (kind is QwenRateLimitKind.Tokens || (kind is QwenRateLimitKind.Unknown && limits.RemainingTokens == 0))
        {
            until = Later(until, limits.TokensResetAt);
        }

        if (kind is QwenRateLimitKind.Requests || (kind is QwenRateLimitKind.Unknown && limits.RemainingRequests == 0))
        {
            until = Later(until, limits.RequestsResetAt);
        }

        return until is { } end && end > now ? end : null;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
