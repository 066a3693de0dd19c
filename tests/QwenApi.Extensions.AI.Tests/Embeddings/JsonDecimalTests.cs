using System.Globalization;
using System.Text;
using CsCheck;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>
/// The fast decimal path of the embeddings parser must agree bit for bit with <see cref="float.Parse(string, IFormatProvider)"/>
/// whenever it answers, and must answer for the numbers Qwen sends (a fast path never taken is not a fast path).
/// </summary>
public sealed class JsonDecimalTests
{
    private static readonly string[] s_formats = ["R", "G6", "G9", "G10", "G12", "G17", "E8", "E16", "F10"];

    [Fact]
    public void TryParse_AnyFiniteFloatInAnyFormat_AgreesWithFloatParse()
    {
        Gen.Select(Gen.Float, Gen.Int[0, s_formats.Length - 1], Gen.Bool).Sample((value, format, asDouble) =>
        {
            if (!float.IsFinite(value))
            {
                return true;
            }

            string text = asDouble
                ? ((double)value).ToString(s_formats[format], CultureInfo.InvariantCulture)
                : value.ToString(s_formats[format], CultureInfo.InvariantCulture);
            return Agrees(text);
        }, iter: 200_000, threads: 1);
    }

    [Fact]
    public void TryParse_RandomDecimals_AgreeWithFloatParse()
    {
        // Mantissas of 1 to 22 digits and exponents around the fast path's edges (±22, float's normal range).
        Gen.Select(Gen.ULong, Gen.Int[1, 22], Gen.Int[-50, 45], Gen.Bool).Sample((bits, digits, exponent, negative) =>
        {
            string mantissa = (bits % (ulong)Math.Pow(10, Math.Min(digits, 19))).ToString(CultureInfo.InvariantCulture) + new string('7', Math.Max(0, digits - 19));
            string text = (negative ? "-" : string.Empty) + mantissa[..1] + (mantissa.Length > 1 ? "." + mantissa[1..] : string.Empty) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
            return Agrees(text);
        }, iter: 200_000, threads: 1);
    }

    [Fact]
    public void TryParse_NumbersAtAndAroundFloatMidpoints_AgreeWithFloatParse()
    {
        // The hard cases: decimals within a few double ulps of the value halfway between two adjacent floats.
        Gen.Select(Gen.Float, Gen.Int[-6, 6], Gen.Int[0, s_formats.Length - 1]).Sample((value, ulps, format) =>
        {
            if (!float.IsFinite(value) || !float.IsFinite(MathF.BitIncrement(value)))
            {
                return true;
            }

            double midpoint = ((double)value + MathF.BitIncrement(value)) / 2;
            long bits = BitConverter.DoubleToInt64Bits(midpoint) + ulps;
            return Agrees(BitConverter.Int64BitsToDouble(bits).ToString(s_formats[format], CultureInfo.InvariantCulture));
        }, iter: 200_000, threads: 1);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.0")]
    [InlineData("1")]
    [InlineData("-0.0695386752486229")]
    [InlineData("0.030681096017360687")]
    [InlineData("1e-5")]
    [InlineData("-2.5E+2")]
    [InlineData("16777217")] // 2^24 + 1: halfway between two floats, so the exact parser decides
    [InlineData("3.4028235e38")]
    [InlineData("1e-40")]
    public void TryParse_EdgeCases_AgreeWithFloatParse(string text) => Assert.True(Agrees(text));

    [Fact]
    public void TryParse_UnitVectorComponentsAsQwenWritesThem_TakeTheFastPath()
    {
        var random = new Random(7);
        int fast = 0;
        const int Count = 10_000;
        for (int i = 0; i < Count; i++)
        {
            // Components of a 1,024-dimension unit vector, written with Qwen's 16-17 significant digits or the shortest form.
            double component = (random.NextDouble() - 0.5) / 16;
            string text = i % 2 == 0 ? component.ToString("R", CultureInfo.InvariantCulture) : ((float)component).ToString("R", CultureInfo.InvariantCulture);
            fast += JsonDecimal.TryParse(Encoding.ASCII.GetBytes(text), out _) ? 1 : 0;
        }

        Assert.True(fast >= Count * 99 / 100, $"{fast} of {Count} took the fast path.");
    }

    private static bool Agrees(string text)
    {
        float expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!JsonDecimal.TryParse(Encoding.ASCII.GetBytes(text), out float actual))
        {
            return true; // the caller falls back to the exact parser
        }

        return BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual)
            ? true
            : throw new Xunit.Sdk.XunitException($"\"{text}\": fast path {actual:R}, float.Parse {expected:R}.");
    }
}
