using System.Globalization;
using System.Net.Http.Headers;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads the server's <c>x-ratelimit-limit|remaining|reset-requests|tokens</c> headers (OpenAI's names, which
/// OpenAI-compatible gateways copy) into a <see cref="QwenServerRateLimits"/>. Counts are non-negative integers (Azure
/// sends <c>-1</c> for "not applicable": ignored). A reset is a duration in Go's form as OpenAI sends it (<c>20ms</c>,
/// <c>1s</c>, <c>59.9s</c>, <c>6m0s</c>, <c>1h2m3.5s</c>; also <c>us</c>, <c>µs</c>, <c>ns</c>), or plain seconds
/// (<c>30</c>, <c>0.5</c>), or, for a number of at least 10^9, Unix seconds (the <c>X-RateLimit-Reset</c> style of
/// other APIs). Qwen's own documentation names no such headers; anything unreadable is ignored, and nothing here throws.
/// </summary>
internal static class ServerRateLimitHeaders
{
    private const long EpochThreshold = 1_000_000_000;

    /// <summary>The values of an answer, or <see langword="null"/> (without allocating) when it carries none.</summary>
    public static QwenServerRateLimits? Read(HttpResponseHeaders headers, DateTimeOffset now, DateTimeOffset admittedAt)
    {
        HttpHeadersNonValidated values = headers.NonValidated;
        long? remainingRequests = Count(values, "x-ratelimit-remaining-requests");
        long? remainingTokens = Count(values, "x-ratelimit-remaining-tokens");
        DateTimeOffset? requestsReset = Reset(values, "x-ratelimit-reset-requests", now);
        DateTimeOffset? tokensReset = Reset(values, "x-ratelimit-reset-tokens", now);
        long? requestLimit = Count(values, "x-ratelimit-limit-requests");
        long? tokenLimit = Count(values, "x-ratelimit-limit-tokens");
        if (remainingRequests is null && remainingTokens is null && requestsReset is null && tokensReset is null && requestLimit is null && tokenLimit is null)
        {
            return null;
        }

        return new QwenServerRateLimits
        {
            RequestLimit = requestLimit,
            RemainingRequests = remainingRequests,
            RequestsResetAt = requestsReset,
            TokenLimit = tokenLimit,
            RemainingTokens = remainingTokens,
            TokensResetAt = tokensReset,
            AdmittedAt = admittedAt,
        };
    }

    /// <summary>A non-negative integer count (digits only, surrounding spaces allowed).</summary>
    public static bool TryParseCount(ReadOnlySpan<char> text, out long count) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count);

    /// <summary>When a budget is whole again: <paramref name="now"/> plus a duration, or a Unix instant; see the type's summary.</summary>
    public static bool TryParseReset(ReadOnlySpan<char> text, DateTimeOffset now, out DateTimeOffset resetAt)
    {
        resetAt = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (!text.ContainsAnyExcept("0123456789."))
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds) || seconds > 253_402_300_799m)
            {
                return false;
            }

            resetAt = seconds >= EpochThreshold ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : Add(now, seconds);
            return true;
        }

        // Go's time.Duration.String(): one or more <number><unit> parts, largest unit first.
        decimal total = 0;
        while (!text.IsEmpty)
        {
            int digits = text.IndexOfAnyExcept("0123456789.");
            if (digits <= 0 || !decimal.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
            {
                return false;
            }

            text = text[digits..];
            int unitLength = text.IndexOfAny("0123456789.");
            ReadOnlySpan<char> unit = unitLength < 0 ? text : text[..unitLength];
            text = unitLength < 0 ? [] : text[unitLength..];
            decimal? scale = unit switch
            {
                "h" => 3600m,
                "m" => 60m,
                "s" => 1m,
                "ms" => 0.001m,
                "us" or "µs" or "μs" => 0.000001m,
                "ns" => 0.000000001m,
                _ => null,
            };
            if (scale is not { } factor || number > 1_000_000_000_000m)
            {
                return false;
            }

            total += number * factor;
        }

        resetAt = Add(now, total);
        return true;
    }

    private static long? Count(HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out HeaderStringValues values) && First(values) is { } text && TryParseCount(text, out long count) ? count : null;

    private static DateTimeOffset? Reset(HttpHeadersNonValidated headers, string name, DateTimeOffset now) =>
        headers.TryGetValues(name, out HeaderStringValues values) && First(values) is { } text && TryParseReset(text, now, out DateTimeOffset at) ? at : null;

    private static string? First(HeaderStringValues values)
    {
        foreach (string value in values)
        {
            return value;
        }

        return null;
    }

    private static DateTimeOffset Add(DateTimeOffset now, decimal seconds)
    {
        decimal ticks = decimal.Round(seconds * TimeSpan.TicksPerSecond);
        return ticks >= (DateTimeOffset.MaxValue - now).Ticks ? DateTimeOffset.MaxValue : now + TimeSpan.FromTicks((long)ticks);
    }
}
