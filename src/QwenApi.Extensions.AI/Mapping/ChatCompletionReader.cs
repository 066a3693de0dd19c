using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Reads a non-streaming chat completion body into a <see cref="ChatResponse"/>.</summary>
internal sealed class ChatCompletionReader : IUnaryResponseReader<ChatResponse>
{
    /// <summary>The one instance: it holds nothing, so the chat path allocates no reader per call.</summary>
    public static readonly ChatCompletionReader Instance = new();

    private ChatCompletionReader()
    {
    }

    public string What => "a valid chat completion";

    public bool TryRead(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out ChatResponse? result)
    {
        // Parses over the pooled bytes without copying them; the document's own index is pooled too. A body that is
        // not exactly one JSON value (bytes after the root object included) throws JsonException.
        using JsonDocument document = JsonDocument.Parse(body);
        if (ChatResponseParser.IsErrorDocument(document.RootElement))
        {
            result = null;
            return false;
        }

        // RawRepresentation outlives the pooled buffer: Clone makes the one copy the caller keeps (bytes + index).
        result = ChatResponseParser.Parse(document.RootElement.Clone());
        return true;
    }

    public (long? Input, long? Total)? UsedTokens(ChatResponse result) => result.Usage is { } usage ? (usage.InputTokenCount, usage.TotalTokenCount) : null;
}
