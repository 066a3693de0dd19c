using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>Usage: its own chunk (<c>"choices":[]</c>) or, on some servers, with the finish reason.</content>
internal sealed partial class ChunkParser
{
    private void ReadUsage(ref Utf8JsonReader reader)
    {
        if (!Utf8JsonFields.IsObject(ref reader, "usage"))
        {
            return; // Qwen writes "usage":null on every chunk but the last.
        }

        HasUsage = true;
        PromptTokens = CompletionTokens = TotalTokens = CachedTokens = ReasoningTokens = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                PromptTokens = ReadCount(ref reader, "usage.prompt_tokens");
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                CompletionTokens = ReadCount(ref reader, "usage.completion_tokens");
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                TotalTokens = ReadCount(ref reader, "usage.total_tokens");
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                CachedTokens = ReadDetail(ref reader, "cached_tokens"u8, "usage.prompt_tokens_details", "usage.prompt_tokens_details.cached_tokens");
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                ReasoningTokens = ReadDetail(ref reader, "reasoning_tokens"u8, "usage.completion_tokens_details", "usage.completion_tokens_details.reasoning_tokens");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static long? ReadCount(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return Utf8JsonFields.ReadInteger(ref reader, field, long.MinValue, long.MaxValue);
    }

    private static long? ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string field, string countField)
    {
        reader.Read();
        if (!Utf8JsonFields.IsObject(ref reader, field))
        {
            return null;
        }

        long? result = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                result = ReadCount(ref reader, countField);
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
