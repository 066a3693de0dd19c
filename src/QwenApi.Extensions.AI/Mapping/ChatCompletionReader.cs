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

    public ChatResponse Read(QwenTransport transport, ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        // Parses over the pooled bytes without copying them; the document's own index is pooled too. A body that is
        // not exactly one JSON value (bytes after the root object included) throws JsonException.
        using JsonDocument document = JsonDocument.Parse(body);
        if (ChatResponseParser.IsErrorDocument(document.RootElement))
        {
            // An error document with a 2xx status: treat it like an in-band stream error.
            throw transport.Errors.FromInBandError(ErrorBodyParser.Parse(body.Span), ResponseHeaders.RequestId(response), nothingYielded: true);
        }

        // RawRepresentation outlives the pooled buffer: Clone makes the one copy the caller keeps (bytes + index).
        return ChatResponseParser.Parse(document.RootElement.Clone());
    }

    public (long? Input, long? Total)? UsedTokens(ChatResponse result) => result.Usage is { } usage ? (usage.InputTokenCount, usage.TotalTokenCount) : null;
}
