namespace QwenApi.Extensions.AI;

/// <summary>
/// A JSON number to <see cref="float"/> by Clinger's fast path, for embedding vectors (a thousand decimals each). Up to 19
/// significant digits go into a <see cref="ulong"/>; with a power of ten of at most 10^22 (exact in a double), one double
/// multiply or divide lands within 2 ulps of the exact value, which has 29 bits more than a float needs, so narrowing it
/// to float is correctly rounded unless it lies within that error of a float midpoint. In that case, and for anything
/// else, it says no and the caller falls back to <c>Utf8JsonReader.TryGetSingle</c>, so every answer equals
/// <see cref="float.Parse(string)"/>'s.
/// </summary>
/// <remarks>The text must already be a valid JSON number (the reader has checked it).</remarks>
internal static class JsonDecimal
{
    private const long MidpointMargin = 4; // double ulps: twice the error bound

    private static readonly double[] s_powers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        value = 0;
        int i = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        i += negative ? 1 : 0;
        ulong mantissa = 0;
        int digits = 0, exponent = 0;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            digits += mantissa == 0 ? 0 : 1;
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                digits += mantissa == 0 ? 0 : 1;
                exponent--;
            }
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            bool negativeExponent = i < text.Length && text[i] == (byte)'-';
            i += i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+') ? 1 : 0;
            int e = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9 && e < 1000; i++)
            {
                e = (e * 10) + (text[i] - '0');
            }

            exponent += negativeExponent ? -e : e;
        }

        if (i != text.Length || digits > 19 || exponent < -22 || exponent > 22)
        {
            return false;
        }

        // At most two roundings (the mantissa to double when over 2^53, then the multiply or divide), so d is within
        // 2 ulps of the exact value; narrowing to float rounds it the same way unless it is that close to a float midpoint
        // (the 29 bits a float drops reading 0x10000000).
        double d = exponent < 0 ? mantissa / s_powers[-exponent] : mantissa * s_powers[exponent];
        long dropped = (long)(BitConverter.DoubleToUInt64Bits(d) & 0x1FFF_FFFF);
        if (Math.Abs(dropped - 0x1000_0000) <= MidpointMargin || (d != 0 && d < 1.2e-38))
        {
            return false; // near a midpoint between two floats, or below float's normal range: let the exact parser decide
        }

        value = negative ? -(float)d : (float)d;
        return true;
    }
}
