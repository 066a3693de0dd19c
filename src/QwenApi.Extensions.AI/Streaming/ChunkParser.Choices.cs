using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>Choices, deltas, tool-call fragments and usage.</content>
internal sealed partial class ChunkParser
{
    private void ReadChoices(ref Utf8JsonReader reader, bool firstProperty)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        for (int choice = 0; reader.Read() && reader.TokenType == JsonTokenType.StartObject; choice++)
        {
            bool leading = firstProperty && choice == 0;
            if (!leading)
            {
                DisqualifyRest(); // Another choice, or a second "choices": more than the kept results can replay.
            }

            ReadChoice(ref reader, leading);
        }
    }

    /// <param name="reader">The reader, on the choice's <c>{</c>.</param>
    /// <param name="leading">Whether this is the first choice of a <c>choices</c> that came first: its delta may start a rest (see <c>ChunkParser.RepeatedRest.cs</c>).</param>
    private void ReadChoice(ref Utf8JsonReader reader, bool leading)
    {
        // "index" may come after "delta" (Qwen writes finish_reason and delta first), so read into locals
        // and keep them only for choice 0.
        int index = 0;
        string? content = null, reasoning = null, finish = null;
        int fragmentsBefore = ToolCalls.Count;
        int deltas = 0;
        for (int property = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; property++)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                bool startsRest = leading && property == 0 && reader.ValueTextEquals("delta"u8);
                deltas++;
                reader.Read();
                ReadDelta(ref reader, ref content, ref reasoning);
                if (startsRest)
                {
                    MarkRestStart((int)reader.BytesConsumed);
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finish = ReadNullableString(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : 0;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (leading && (deltas > 1 || index != 0))
        {
            DisqualifyRest(); // What the rest did here is more than the kept results can replay.
        }

        if (index != 0)
        {
            ToolCalls.RemoveRange(fragmentsBefore, ToolCalls.Count - fragmentsBefore);
            return;
        }

        Content = content;
        Reasoning = reasoning;
        FinishReason = finish;
    }

    private void ReadDelta(ref Utf8JsonReader reader, ref string? content, ref string? reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = ReadNullableString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                reasoning = ReadNullableString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        int position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            int? index = null;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = ReadNullableString(ref reader);
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

            ToolCalls.Add(new ToolCallFragment(index ?? position, id, name, arguments));
            position++;
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ref string? name, ref string? arguments)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadNullableString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                arguments = ReadNullableString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        HasUsage = true;
        PromptTokens = CompletionTokens = TotalTokens = CachedTokens = ReasoningTokens = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                PromptTokens = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                CompletionTokens = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                TotalTokens = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                CachedTokens = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                ReasoningTokens = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static long? ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : null;
    }

    private static long? ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long? result = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                result = ReadInt64(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }
}
