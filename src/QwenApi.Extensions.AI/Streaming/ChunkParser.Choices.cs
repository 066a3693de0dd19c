using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>Choices, deltas and tool-call fragments.</content>
internal sealed partial class ChunkParser
{
    private void ReadChoices(ref Utf8JsonReader reader)
    {
        _frameChoicesProperties++;
        if (!Utf8JsonFields.IsArray(ref reader, "choices"))
        {
            return;
        }

        // A choice without "index" is numbered by its position among the objects (elements that are not objects, such
        // as a null some proxies leave, are skipped and keep nothing from being read).
        int position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _frameChoiceElements++;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, position++);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <param name="reader">The reader, on the choice's <c>{</c>.</param>
    /// <param name="position">The choice's position among the array's objects, its index when it has none.</param>
    private void ReadChoice(ref Utf8JsonReader reader, int position)
    {
        // "index" may come after "delta" (Qwen writes delta and finish_reason first), so read into locals and keep
        // them only for choice 0.
        long? index = null;
        string? content = null, reasoning = null, finish = null;
        int fragmentsBefore = ToolCalls.Count;
        int deltas = 0, deltaStart = -1, deltaEnd = -1, deltaDepth = 0;
        bool choiceExtras = false, deltaExtras = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                deltas++;
                deltaDepth = reader.CurrentDepth;
                reader.Read();
                deltaStart = (int)reader.TokenStartIndex;
                ReadDelta(ref reader, ref content, ref reasoning, ref deltaExtras);
                deltaEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finish = Utf8JsonFields.ReadString(ref reader, "choices[].finish_reason");
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = Utf8JsonFields.ReadInteger(ref reader, "choices[].index", int.MinValue, int.MaxValue);
            }
            else
            {
                reader.Read();
                choiceExtras |= reader.TokenType != JsonTokenType.Null; // logprobs, or a field this release does not know
                reader.Skip();
            }
        }

        if ((index ?? position) != 0)
        {
            ToolCalls.RemoveRange(fragmentsBefore, ToolCalls.Count - fragmentsBefore);
            return;
        }

        if (deltas == 1)
        {
            MarkFrameDelta(deltaStart, deltaEnd, deltaDepth);
        }

        Content = content;
        Reasoning = reasoning;
        FinishReason = finish;
        _outerExtras |= choiceExtras;
        HasExtraFields |= deltaExtras;
    }

    /// <summary>Reads a <c>delta</c> (or <c>message</c>) value; the reader is on its first token and ends on its last.</summary>
    private void ReadDelta(ref Utf8JsonReader reader, ref string? content, ref string? reasoning, ref bool extras)
    {
        if (!Utf8JsonFields.IsObject(ref reader, "choices[].delta"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = Utf8JsonFields.ReadTextPiece(ref reader, ContentField);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                reasoning = Utf8JsonFields.ReadTextPiece(ref reader, ReasoningField);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader);
            }
            else
            {
                bool role = reader.ValueTextEquals("role"u8);
                reader.Read();
                extras |= !role && reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
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
            ToolCalls.Add(new ToolCallFragment((int?)index, id, name, arguments));
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
