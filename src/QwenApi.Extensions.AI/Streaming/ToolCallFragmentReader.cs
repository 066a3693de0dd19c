using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>Reads a delta's <c>tool_calls</c> into <see cref="ToolCallFragment"/>s, as sent; <see cref="ToolCallAccumulator"/> assembles them.</summary>
internal static class ToolCallFragmentReader
{
    /// <summary>Reads a <c>tool_calls</c> value; the reader is on its first token and ends on its last.</summary>
    public static void Read(ref Utf8JsonReader reader, List<ToolCallFragment> fragments)
    {
        if (!Utf8JsonFields.IsArray(ref reader, "choices[].delta.tool_calls"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // Not a fragment: nothing to assemble.
                continue;
            }

            long? index = null;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = Utf8JsonFields.ReadInteger(ref reader, "choices[].delta.tool_calls[].index", int.MinValue, int.MaxValue);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = Utf8JsonFields.ReadString(ref reader, "choices[].delta.tool_calls[].id");
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, ref name, ref arguments);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // No index is not "the position in this array": a server that omits it sends one fragment per delta, so that
            // would fold every call into call 0. The accumulator tells a new call from a continuation by id and name.
            fragments.Add(new ToolCallFragment((int?)index, id, name, arguments));
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ref string? name, ref string? arguments)
    {
        if (!Utf8JsonFields.IsObject(ref reader, "choices[].delta.tool_calls[].function"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = Utf8JsonFields.ReadString(ref reader, "choices[].delta.tool_calls[].function.name");
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                arguments = ReadArguments(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>JSON text as a string (the protocol); a server that sends the object or array itself gets its compact text, as the unary reader does.</summary>
    private static string? ReadArguments(ref Utf8JsonReader reader)
    {
        const string Field = "choices[].delta.tool_calls[].function.arguments";
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return reader.TokenType is JsonTokenType.String or JsonTokenType.Null
                ? Utf8JsonFields.ReadString(ref reader, Field)
                : throw JsonFieldErrors.WrongType(Field, "a string, an object, an array or null", reader.TokenType);
        }

        // Rare, so a document is fine here; it leaves the reader on the value's last token, as Skip would.
        using JsonDocument value = JsonDocument.ParseValue(ref reader);
        return JsonCompactText.FromRaw(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value.RootElement), Field);
    }
}
