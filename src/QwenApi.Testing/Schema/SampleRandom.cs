namespace QwenApi.Testing;

/// <summary>
/// A small deterministic generator (SplitMix64) seeded from text with FNV-1a, so the same prompt always gets the
/// same sample values on every machine and runtime (<see cref="string.GetHashCode()"/> is randomized per process).
/// </summary>
internal sealed class SampleRandom(ulong seed)
{
    private ulong _state = seed;

    public static SampleRandom FromText(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SampleRandom(hash);
    }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Gets a value from 0 to <paramref name="bound"/> - 1 (0 when the bound is not positive).</summary>
    public long Next(long bound) => bound <= 0 ? 0 : (long)(Next() % (ulong)bound);
}
