namespace QwenApi.Extensions.AI;

/// <summary>The one rule for integer fields, shared by the stream and the unary reader.</summary>
internal static class JsonIntegers
{
    /// <summary>True when <paramref name="number"/> is integral and within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryNarrow(double number, long min, long max, out long value)
    {
        // (double)max + 1 is exact for int bounds and rounds to 2^63 for long.MaxValue: a strict "<" keeps both right.
        if (double.IsInteger(number) && number >= min && number < (double)max + 1)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }
}
