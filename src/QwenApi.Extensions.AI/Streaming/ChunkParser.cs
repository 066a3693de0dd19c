using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Parses each SSE event straight from the parser's UTF-8 buffer with <see cref="Utf8JsonReader"/>, into fields reused
/// from chunk to chunk. Values that repeat on every chunk (<c>id</c>, <c>model</c>) are compared in place and only
/// allocated when they change, and a chunk whose bytes after its delta repeat those of the last chunk parsed in full is not
/// parsed past the delta at all (see <c>ChunkParser.RepeatedRest.cs</c>). Only choice 0 is read: the client never asks for more.
/// </summary>
internal sealed partial class ChunkParser : IDisposable
{
    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public long? Created { get; private set; }

    public string? Content { get; private set; }

    public string? Reasoning { get; private set; }

    public string? FinishReason { get; private set; }

    public List<ToolCallFragment> ToolCalls { get; } = [];

    public bool HasUsage { get; private set; }

    public long? PromptTokens { get; private set; }

    public long? CompletionTokens { get; private set; }

    public long? TotalTokens { get; private set; }

    public long? CachedTokens { get; private set; }

    public long? ReasoningTokens { get; private set; }

    public ErrorBodyParser.ParsedError Error { get; private set; }

    /// <summary>The <see cref="System.Net.ServerSentEvents.SseItemParser{T}"/> callback.</summary>
    public ChunkKind ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ChunkKind.Empty;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return ChunkKind.Done;
        }

        Content = null;
        Reasoning = null;
        FinishReason = null;
        HasUsage = false;
        ToolCalls.Clear();

        if (TryReadWithRepeatedRest(data))
        {
            return ChunkKind.Chunk;
        }

        StartFullParse();
        var reader = new Utf8JsonReader(data);
        Expect(ref reader, JsonTokenType.StartObject);
        for (int property = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; property++)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, firstProperty: property == 0);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                Id = ReadCached(ref reader, Id);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                Model = ReadCached(ref reader, Model);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                Created = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long created) ? created : Created;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                // Re-read the whole event as an error document: it is rare, so clarity beats speed here.
                var errorReader = new Utf8JsonReader(data);
                Error = ErrorBodyParser.TryRead(ref errorReader, out ErrorBodyParser.ParsedError parsed)
                    ? parsed
                    : new ErrorBodyParser.ParsedError(null, null, null, null, null, ErrorBodyParser.Snippet(data), false);
                return ChunkKind.Error;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        KeepRest(data);
        return ChunkKind.Chunk;
    }

    private static string? ReadCached(ref Utf8JsonReader reader, string? previous)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return previous;
        }

        return previous is not null && reader.ValueTextEquals(previous) ? previous : reader.GetString();
    }

    private static string? ReadNullableString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueIsEscaped || reader.ValueSpan.Length > 0 ? reader.GetString() : null;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return null;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in a stream chunk.");
        }
    }
}
