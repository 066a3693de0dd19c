using System.Globalization;
using System.Net.Http.Headers;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads how long the server asked to wait: <c>retry-after-ms</c> (milliseconds), then <c>Retry-After</c> as
/// delta-seconds (decimals allowed, invariant culture) or as an HTTP date. Garbage, negative, NaN, overflowing or past
/// values yield <see langword="null"/> so the caller falls back to its own backoff; nothing here throws.
/// </summary>
internal static class RetryAfterParser
{
    private static readonly TimeSpan s_max = TimeSpan.FromDays(1);

    public static TimeSpan? Parse(HttpResponseHeaders headers, TimeProvider time)
    {
        if (headers.TryGetValues("retry-after-ms", out IEnumerable<string>? ms)
            && TryParseNumber(ms.FirstOrDefault(), 1, out TimeSpan fromMs))
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

        if (TryParseNumber(value, 1000, out TimeSpan seconds))
        {
            return seconds;
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTimeOffset date)
            || DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            TimeSpan delta = date - now;
            return delta > TimeSpan.Zero ? Min(delta, s_max) : null;
        }

        return null;
    }

    private static bool TryParseNumber(string? value, double millisecondsPerUnit, out TimeSpan result)
    {
        result = default;
        if (value is null
            || !double.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out double number)
            || double.IsNaN(number) || double.IsInfinity(number) || number < 0)
        {
            return false;
        }

        double ms = number * millisecondsPerUnit;
        result = ms >= s_max.TotalMilliseconds ? s_max : TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
