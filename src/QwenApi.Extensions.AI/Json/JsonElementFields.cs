using System.Runtime.InteropServices;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The unary reader's twin of <see cref="Utf8JsonFields"/>: the same rules (null is absent, a wrong type or undecodable
/// value is a <see cref="JsonException"/> naming the field) over a <see cref="JsonElement"/>.
/// </summary>
internal static class JsonElementFields
{
    /// <summary>A string property; absent, null and <c>""</c> read as <see langword="null"/>.</summary>
    public static string? GetString(JsonElement element, ReadOnlySpan<byte> name, string field)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw JsonFieldErrors.WrongType(field, "a string or null", value.ValueKind);
        }

        try
        {
            return value.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (InvalidOperationException ex)
        {
            throw JsonFieldErrors.InvalidText(field, JsonMarshal.GetRawUtf8Value(value), ex);
        }
    }

    /// <summary>An integer property (integral numbers such as <c>0.0</c> accepted); absent or null read as <see langword="null"/>.</summary>
    public static long? GetInteger(JsonElement element, ReadOnlySpan<byte> name, string field, long min, long max)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw JsonFieldErrors.WrongType(field, "an integer or null", value.ValueKind);
        }

        if (value.TryGetInt64(out long number) && number >= min && number <= max)
        {
            return number;
        }

        return value.TryGetDouble(out double real) && JsonIntegers.TryNarrow(real, min, max, out number)
            ? number
            : throw JsonFieldErrors.NotAnInteger(field, JsonMarshal.GetRawUtf8Value(value), min, max);
    }

    /// <summary>A property of the given kind (object or array); absent or null give false, another kind throws.</summary>
    public static bool TryGet(JsonElement element, ReadOnlySpan<byte> name, JsonValueKind kind, string field, out JsonElement value)
    {
        if (!element.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind == kind
            ? true
            : throw JsonFieldErrors.WrongType(field, kind == JsonValueKind.Object ? "an object or null" : "an array or null", value.ValueKind);
    }
}
