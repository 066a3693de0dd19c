namespace QwenApi.Fleet;

/// <summary>Nearest-rank percentiles of a set of durations.</summary>
internal static class Percentiles
{
    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it; <see langword="null"/> when empty.</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        int rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
