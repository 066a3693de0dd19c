using System.Text.Json;
using System.Text.Unicode;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads typed field values from a <see cref="Utf8JsonReader"/> positioned on the value, with one rule everywhere:
/// <c>null</c> means absent, a value of the wrong type or that cannot be decoded is a <see cref="JsonException"/> naming
/// the field (<see cref="JsonFieldErrors"/>). The reader itself would throw <see cref="InvalidOperationException"/> or
/// <see cref="FormatException"/> for some of these; they never escape from here.
/// </summary>
internal static class Utf8JsonFields
{
    /// <summary>A string or null; <c>""</c> is read as <see langword="null"/> (Qwen sends <c>"id":""</c> for "no value").</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped && reader.ValueSpan.IsEmpty)
            {
                return null;
            }

            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException ex)
            {
                throw JsonFieldErrors.InvalidText(field, reader.ValueSpan, ex);
            }
        }

        return reader.TokenType == JsonTokenType.Null ? null : throw JsonFieldErrors.WrongType(field, "a string or null", reader.TokenType);
    }

    /// <summary>
    /// Like <see cref="ReadString"/>, but a lone surrogate escape at the very start (a low half) or the very end (a high half)
    /// is kept in the result, for the caller to join with the neighbouring piece; one anywhere else is an error.
    /// </summary>
    public static string? ReadTextPiece(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.ValueIsEscaped)
        {
            return ReadString(ref reader, field);
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            // Rare: only a lone surrogate escape or invalid UTF-8 gets here, so decoding twice costs nothing that matters.
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            if (!Utf8.IsValid(raw))
            {
                throw JsonFieldErrors.InvalidText(field, raw, ex);
            }

            return JsonStringDecoder.DecodeKeepingEdgeSurrogates(raw, field);
        }
    }

    /// <summary>For <c>id</c> and <c>model</c>: the previous instance when the text is the same (compared in place), so a stream allocates each once.</summary>
    public static string? ReadCachedString(ref Utf8JsonReader reader, string? previous, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return reader.TokenType == JsonTokenType.Null ? previous : throw JsonFieldErrors.WrongType(field, "a string or null", reader.TokenType);
        }

        try
        {
            return previous is not null && reader.ValueTextEquals(previous) ? previous : reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw JsonFieldErrors.InvalidText(field, reader.ValueSpan, ex);
        }
    }

    /// <summary>An integer or null; an integral number written with a fraction or exponent (<c>0.0</c>, <c>1e1</c>) is accepted.</summary>
    public static long? ReadInteger(ref Utf8JsonReader reader, string field, long min, long max)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return reader.TokenType == JsonTokenType.Null ? null : throw JsonFieldErrors.WrongType(field, "an integer or null", reader.TokenType);
        }

        if (reader.TryGetInt64(out long value) && value >= min && value <= max)
        {
            return value;
        }

        return reader.TryGetDouble(out double number) && JsonIntegers.TryNarrow(number, min, max, out value)
            ? value
            : throw JsonFieldErrors.NotAnInteger(field, reader.ValueSpan, min, max);
    }

    /// <summary>Returns whether the value is an object to read, false for null; throws for any other type.</summary>
    public static bool IsObject(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw JsonFieldErrors.WrongType(field, "an object or null", reader.TokenType),
    };

    /// <summary>Returns whether the value is an array to read, false for null; throws for any other type.</summary>
    public static bool IsArray(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw JsonFieldErrors.WrongType(field, "an array or null", reader.TokenType),
    };
}
