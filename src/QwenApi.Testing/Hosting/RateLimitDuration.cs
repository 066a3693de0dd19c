using System.Globalization;

namespace QwenApi.Testing;

/// <summary>
/// Durations as OpenAI writes them in <c>x-ratelimit-reset-*</c> (Go's duration syntax: <c>20ms</c>, <c>1s</c>,
/// <c>1.5s</c>, <c>6m0s</c>), rounded up to the millisecond. A whole window is written <c>60s</c>, which Go's parser reads
/// as <c>1m0s</c>; minutes appear only past it.
/// </summary>
internal static class RateLimitDuration
{
    public static string Format(TimeSpan value)
    {
        long milliseconds = (long)Math.Ceiling(value.TotalMilliseconds);
        if (milliseconds <= 0)
        {
            return "0s";
        }

        if (milliseconds < 1000)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        if (milliseconds <= 60_000)
        {
            return Seconds(milliseconds);
        }

        long minutes = milliseconds / 60_000;
        return minutes.ToString(CultureInfo.InvariantCulture) + "m" + Seconds(milliseconds % 60_000);
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
