using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Sample numbers for a JSON Schema <c>integer</c> or <c>number</c>: 1 and 1.5 when unconstrained (what default tool
/// calls have always sent), moved inside a single bound, and drawn from the range when both bounds are given
/// (<c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c> as numbers or, draft 4, booleans).
/// <c>multipleOf</c> is not honoured.
/// </summary>
internal static class SampleNumbers
{
    private const double DefaultNumber = 1.5;

    public static long Integer(JsonElement schema, SampleRandom random)
    {
        var low = Read(schema, "minimum", "exclusiveMinimum", upper: false);
        var high = Read(schema, "maximum", "exclusiveMaximum", upper: true);
        long? lo = low is { } l ? (long)(l.Exclusive ? Math.Floor(l.Value) + 1 : Math.Ceiling(l.Value)) : null;
        long? hi = high is { } h ? (long)(h.Exclusive ? Math.Ceiling(h.Value) - 1 : Math.Floor(h.Value)) : null;
        return (lo, hi) switch
        {
            ({ } a, { } b) when b >= a => a + random.Next(Math.Min(b - a, 1_000_000_000) + 1),
            ({ } a, _) => Math.Max(a, 1),
            (_, { } b) => Math.Min(b, 1),
            _ => 1,
        };
    }

    public static double Number(JsonElement schema, SampleRandom random)
    {
        var low = Read(schema, "minimum", "exclusiveMinimum", upper: false);
        var high = Read(schema, "maximum", "exclusiveMaximum", upper: true);
        if (low is { } l && high is { } h)
        {
            if (h.Value <= l.Value)
            {
                return l.Value;
            }

            // Two decimals strictly inside the range, so neither bound (exclusive or not) is hit.
            var steps = (long)Math.Clamp((h.Value - l.Value) * 100, 2, 1_000_000_000);
            var value = Math.Round(l.Value + ((random.Next(steps - 1) + 1) * (h.Value - l.Value) / steps), 2);
            return value > l.Value && value < h.Value ? value : (l.Value + h.Value) / 2;
        }

        if (low is { } min && !(min.Exclusive ? DefaultNumber > min.Value : DefaultNumber >= min.Value))
        {
            return min.Exclusive ? min.Value + 1 : min.Value;
        }

        if (high is { } max && !(max.Exclusive ? DefaultNumber < max.Value : DefaultNumber <= max.Value))
        {
            return max.Exclusive ? max.Value - 1 : max.Value;
        }

        return DefaultNumber;
    }

    /// <summary>Reads a bound; draft 6+ numeric <c>exclusive*</c> keywords are bounds themselves (the tighter wins).</summary>
    private static (double Value, bool Exclusive)? Read(JsonElement schema, string inclusive, string exclusive, bool upper)
    {
        double? value = schema.TryGetProperty(inclusive, out var i) && i.ValueKind == JsonValueKind.Number ? i.GetDouble() : null;
        var flag = schema.TryGetProperty(exclusive, out var e) ? e : default;
        if (flag.ValueKind == JsonValueKind.Number)
        {
            var x = flag.GetDouble();
            return value is not { } v || (upper ? x <= v : x >= v) ? (x, true) : (v, false);
        }

        return value is { } only ? (only, flag.ValueKind == JsonValueKind.True) : null;
    }
}
