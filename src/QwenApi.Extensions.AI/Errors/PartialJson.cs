using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Rebuilds the readable start of a cut or invalid JSON text as a whole document, so that <see cref="ErrorDocument"/>
/// reads it like any other: every token the reader accepted is copied, strings .NET refuses (a lone surrogate escape,
/// invalid UTF-8) are decoded leniently, a message cut by the end of the data keeps what arrived, and the containers
/// left open are closed.
/// </summary>
internal static class PartialJson
{
    /// <summary>The members whose cut string value is still worth showing; a cut code or id would be a wrong one.</summary>
    private static readonly string[] s_messageMembers = ["error", "message", "detail", "errors", "msg", "error_msg", "error_message", "errorMessage", "error_description"];

    /// <param name="reader">A reader before the document: not on its final block, it stops where the data ends instead of throwing.</param>
    /// <param name="data">The bytes <paramref name="reader"/> reads, to recover a string value cut where they end; empty for none.</param>
    /// <returns>The document, or <see langword="null"/> when not even its first token could be read.</returns>
    public static JsonDocument? Rebuild(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var output = new ArrayBufferWriter<byte>();
        var open = new Stack<JsonTokenType>();
        string? pendingName = null;
        bool ranOut = false;
        using (var writer = new Utf8JsonWriter(output))
        {
            try
            {
                while (reader.Read())
                {
                    pendingName = null;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject:
                            writer.WriteStartObject();
                            open.Push(JsonTokenType.EndObject);
                            break;
                        case JsonTokenType.StartArray:
                            writer.WriteStartArray();
                            open.Push(JsonTokenType.EndArray);
                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            WriteEnd(writer, open.Pop());
                            break;
                        case JsonTokenType.PropertyName:
                            pendingName = String(ref reader);
                            writer.WritePropertyName(pendingName);
                            break;
                        case JsonTokenType.String:
                            writer.WriteStringValue(String(ref reader));
                            break;
                        case JsonTokenType.Number:
                            writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            break;
                        case JsonTokenType.True or JsonTokenType.False:
                            writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                            break;
                        case JsonTokenType.Null:
                            writer.WriteNullValue();
                            break;
                    }
                }

                ranOut = true;
            }
            catch (JsonException)
            {
                // Invalid from here on: what came before is kept.
            }

            if (pendingName is not null)
            {
                string? cut = ranOut ? CutString(data, reader.BytesConsumed, pendingName) : null;
                if (cut is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(cut);
                }
            }

            while (open.TryPop(out JsonTokenType end))
            {
                WriteEnd(writer, end);
            }
        }

        return output.WrittenCount == 0 ? null : JsonDocument.Parse(output.WrittenMemory);
    }

    private static void WriteEnd(Utf8JsonWriter writer, JsonTokenType end)
    {
        if (end == JsonTokenType.EndArray)
        {
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteEndObject();
        }
    }

    private static string String(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Decode(reader.ValueSpan);
        }
    }

    /// <summary>What arrived of a message member's string value cut by the end of the data, marked with an ellipsis.</summary>
    private static string? CutString(ReadOnlySpan<byte> data, long nameEnd, string name)
    {
        if (nameEnd > data.Length || Array.IndexOf(s_messageMembers, name) < 0)
        {
            return null;
        }

        // The reader may or may not have consumed the colon after the member name.
        ReadOnlySpan<byte> rest = data[(int)nameEnd..].TrimStart(" \t\r\n"u8);
        if (rest.StartsWith(":"u8))
        {
            rest = rest[1..].TrimStart(" \t\r\n"u8);
        }

        if (!rest.StartsWith("\""u8))
        {
            return null;
        }

        // A multi-byte character cut by the end of the data decodes to U+FFFD: it was not sent whole, so it is dropped.
        string text = Decode(rest[1..]);
        text = text.EndsWith('\uFFFD') ? text[..^1] : text;
        return text.Length > 0 ? text + "…" : null;
    }

    /// <summary>
    /// Decodes a JSON string's escaped bytes up to its closing quote or their end, never throwing: invalid UTF-8 and lone
    /// surrogates become U+FFFD, and an escape cut in the middle ends the text.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder();
        while (!raw.IsEmpty)
        {
            int special = raw.IndexOfAny((byte)'"', (byte)'\\');
            text.Append(Encoding.UTF8.GetString(special < 0 ? raw : raw[..special]));
            if (special < 0 || raw[special] == (byte)'"' || special + 1 == raw.Length)
            {
                break;
            }

            if (raw[special + 1] != (byte)'u')
            {
                text.Append(raw[special + 1] switch { (byte)'n' => '\n', (byte)'r' => '\r', (byte)'t' => '\t', (byte)'b' => '\b', (byte)'f' => '\f', byte other => (char)other });
                raw = raw[(special + 2)..];
            }
            else if (special + 6 <= raw.Length && ushort.TryParse(raw.Slice(special + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort unit))
            {
                text.Append((char)unit);
                raw = raw[(special + 6)..];
            }
            else
            {
                break;
            }
        }

        // \u escapes were appended one UTF-16 unit at a time: the round trip turns the ones left unpaired into U+FFFD.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
