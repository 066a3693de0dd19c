using System.Globalization;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Sample strings for a JSON Schema <c>string</c>: <c>"sample"</c> when unconstrained (what default tool calls have
/// always sent), a value of the right shape for the common <c>format</c>s, padded or cut to <c>minLength</c> and
/// <c>maxLength</c>. <c>pattern</c> is not honoured.
/// </summary>
internal static class SampleStrings
{
    public const string Plain = "sample";

    private static readonly DateTimeOffset s_epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string For(JsonElement schema, SampleRandom random)
    {
        var format = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f)
            && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        switch (format)
        {
            case "date-time":
                return Instant(random).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            case "date":
                return Instant(random).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "time":
                return Instant(random).ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            case "uuid":
                return Uuid(random);
            case "email" or "idn-email":
                return $"user{random.Next(1000)}@example.com";
            case "uri" or "iri" or "url":
                return $"https://example.com/{Plain}/{random.Next(1000)}";
            case "hostname" or "idn-hostname":
                return "example.com";
            case "ipv4":
                return $"192.0.2.{random.Next(254) + 1}";
            case "ipv6":
                return $"2001:db8::{random.Next(0xffff) + 1:x}";
            default:
                return FitLength(schema, Plain);
        }
    }

    // A second of 2026, UTC.
    private static DateTimeOffset Instant(SampleRandom random) => s_epoch.AddSeconds(random.Next(365L * 24 * 3600));

    private static string Uuid(SampleRandom random)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, random.Next());
        BitConverter.TryWriteBytes(bytes[8..], random.Next());

        // A version 4, variant 1 UUID, as validators that check the version digit expect.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private static string FitLength(JsonElement schema, string text)
    {
        var min = Length(schema, "minLength") ?? 0;
        var max = Length(schema, "maxLength") ?? int.MaxValue;
        if (text.Length < min)
        {
            text = text.PadRight(min, 'x');
        }

        return text.Length > max ? text[..max] : text;
    }

    private static int? Length(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var length)
            ? Math.Clamp(length, 0, 4096)
            : null;
}
