using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The token counts of a stream's <c>usage</c> object: its own chunk (<c>"choices":[]</c>) or, on some servers, the one
/// with the finish reason. Kept until the next usage object, because a chunk read through its frame reports the usage of
/// the chunk it replays.
/// </summary>
internal struct ChunkUsage
{
    public long? PromptTokens { get; private set; }

    public long? CompletionTokens { get; private set; }

    public long? TotalTokens { get; private set; }

    public long? CachedTokens { get; private set; }

    public long? ReasoningTokens { get; private set; }

    public readonly UsageDetails ToUsageDetails() => ResponseMapping.MapUsage(PromptTokens, CompletionTokens, TotalTokens, CachedTokens, ReasoningTokens);

    /// <summary>Reads a <c>usage</c> value; the reader is on its first token and ends on its last.</summary>
    /// <returns>Whether it was an object (Qwen writes <c>"usage":null</c> on every chunk but the last).</returns>
    public bool Read(ref Utf8JsonReader reader)
    {
        if (!Utf8JsonFields.IsObject(ref reader, "usage"))
        {
            return false;
        }

        this = default;
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

        return true;
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
