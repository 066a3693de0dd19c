using System.Globalization;
using System.Net.Http.Headers;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads how long the server asked to wait: <c>retry-after-ms</c> (milliseconds), then <c>Retry-After</c> as
/// delta-seconds (digits, a decimal point allowed, invariant culture) or as an HTTP date. The value is reported as sent,
/// however long (the retry policy, not this parser, decides whether to wait); one beyond <see cref="TimeSpan.MaxValue"/>
/// (about 29,000 years) becomes <see cref="TimeSpan.MaxValue"/>. Garbage (signs, exponents, <c>NaN</c>,
/// <c>Infinity</c>, a comma), dates in the past and empty values yield <see langword="null"/> so the caller falls back
/// to its own backoff; nothing here throws.
/// </summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Parse(HttpResponseHeaders headers, TimeProvider time)
    {
        if (headers.TryGetValues("retry-after-ms", out IEnumerable<string>? ms)
            && TryParseNumber(ms.FirstOrDefault(), TimeSpan.TicksPerMillisecond, out TimeSpan fromMs))
        {
            return fromMs;
        }

        if (!headers.TryGetValues("Retry-After", out IEnumerable<string>? values))
        {
            return null;
        }

        return Parse(values.FirstOrDefault(), time.GetUtcNow());
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TryParseNumber(value, TimeSpan.TicksPerSecond, out TimeSpan seconds))
        {
            return seconds;
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTimeOffset date)
            || DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            // Both ends lie within years 1 to 9999, so the difference always fits in a TimeSpan.
            TimeSpan delta = date - now;
            return delta > TimeSpan.Zero ? delta : null;
        }

        return null;
    }

    /// <summary>Digits with at most one decimal point (RFC 9110's delta-seconds, plus the decimals some servers send).</summary>
    private static bool TryParseNumber(string? value, long ticksPerUnit, out TimeSpan result)
    {
        result = default;
        ReadOnlySpan<char> text = value.AsSpan().Trim();
        int point = text.IndexOf('.');
        if (text.IsEmpty || text is "." || text.ContainsAnyExcept("0123456789.") || (point >= 0 && text[(point + 1)..].Contains('.')))
        {
            return false;
        }

        // Ticks are 10^-7 s: more fraction digits than that cannot change the result (and would only burden the parse).
        if (point >= 0 && text.Length - point - 1 > 7)
        {
            text = text[..(point + 8)];
        }

        // Decimal keeps every digit a server sends (a double would be off by up to 512 ticks near MaxValue); more digits
        // than a decimal holds (about 7.9e28) are "longer than anything", so MaxValue, as is anything at or past it.
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number)
            || number >= (decimal)long.MaxValue / ticksPerUnit)
        {
            result = TimeSpan.MaxValue;
            return true;
        }

        result = TimeSpan.FromTicks((long)decimal.Truncate(number * ticksPerUnit));
        return true;
    }
}
