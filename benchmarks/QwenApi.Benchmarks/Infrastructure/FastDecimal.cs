namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// An experiment for the decode benchmark, not the library's parser: JSON decimals to <see cref="float"/> by Clinger's
/// fast path. Up to 19 significant digits go into a <see cref="ulong"/>; when that fits 53 bits and the power of ten is at
/// most 10^22, one double multiply or divide is correctly rounded, and converting it to float is correctly rounded too
/// unless the double lands exactly halfway between two floats (then, and for anything else, it says no and the caller
/// falls back to <c>Utf8JsonReader.TryGetSingle</c>).
/// </summary>
internal static class FastDecimal
{
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

        if (i != text.Length || digits > 19 || mantissa > (1UL << 53) || exponent < -22 || exponent > 22)
        {
            return false;
        }

        double d = exponent < 0 ? mantissa / s_powers[-exponent] : mantissa * s_powers[exponent];
        ulong bits = BitConverter.DoubleToUInt64Bits(d);
        if ((bits & 0x1FFF_FFFF) == 0x1000_0000 || (d != 0 && d < 1.2e-38))
        {
            return false; // halfway between two floats, or below float's normal range: let the exact parser decide
        }

        value = negative ? -(float)d : (float)d;
        return true;
    }
}
