using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Turns parsed chunks into <see cref="ChatResponseUpdate"/>s: one per chunk that carries something (text, reasoning,
/// tool calls, a finish reason or usage); role-only and tool-call-fragment chunks yield nothing.
/// <para>
/// Tool calls are handed out all together, in index order, with the finish reason (Qwen sends it right after the last
/// fragment), or at <c>[DONE]</c> / the end of the body for a stream without one. Not earlier: fragments of different
/// indexes may interleave (0, 1, 0), so no call is known to be complete until the choice is.
/// </para>
/// </summary>
internal sealed class StreamingUpdateBuilder
{
    private readonly ToolCallAccumulator _calls = new();
    private DateTimeOffset? _created;
    private long? _createdSeconds;

    public bool Finished { get; private set; }

    public ChatResponseUpdate? Build(ChunkParser chunk)
    {
        List<AIContent>? contents = null;
        if (chunk.Reasoning is { Length: > 0 } reasoning)
        {
            (contents ??= new List<AIContent>(1)).Add(new TextReasoningContent(reasoning));
        }

        if (chunk.Content is { Length: > 0 } text)
        {
            (contents ??= new List<AIContent>(1)).Add(new TextContent(text));
        }

        List<ToolCallFragment> fragments = chunk.ToolCalls;
        for (int i = 0; i < fragments.Count; i++)
        {
            ToolCallFragment fragment = fragments[i];
            _calls.Add(fragment.Index, fragment.Id, fragment.Name, fragment.Arguments);
        }

        ChatFinishReason? finishReason = null;
        if (chunk.FinishReason is { } finish)
        {
            Finished = true;
            finishReason = ResponseMapping.MapFinishReason(finish);
            if (_calls.HasPending)
            {
                _calls.CompleteAll(contents ??= new List<AIContent>(1));
            }
        }

        if (chunk.HasUsage)
        {
            (contents ??= new List<AIContent>(1)).Add(new UsageContent(chunk.Usage.ToUsageDetails()));
        }

        if ((contents is null || contents.Count == 0) && finishReason is null && !chunk.HasExtraFields)
        {
            return null;
        }

        // A chunk with fields the client does not map (logprobs, search results) yields an update even without text, so
        // that its RawRepresentation reaches the caller.
        return Create(chunk, contents, finishReason, chunk.Raw);
    }

    /// <summary>At <c>[DONE]</c> or the end of the body: calls still open (a stream with no finish chunk) are emitted rather than lost.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text ended inside a surrogate pair.</exception>
    public ChatResponseUpdate? Complete(ChunkParser chunk)
    {
        chunk.ThrowIfSurrogateHeld();
        if (!_calls.HasPending)
        {
            return null;
        }

        var contents = new List<AIContent>(1);
        _calls.CompleteAll(contents);
        return Create(chunk, contents, null, raw: null);
    }

    private ChatResponseUpdate Create(ChunkParser chunk, List<AIContent>? contents, ChatFinishReason? finishReason, System.Text.Json.JsonElement? raw)
    {
        if (chunk.Created != _createdSeconds)
        {
            _createdSeconds = chunk.Created;
            _created = ResponseMapping.MapCreated(chunk.Created);
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = chunk.Id,
            MessageId = chunk.Id,
            ModelId = chunk.Model,
            CreatedAt = _created,
            FinishReason = finishReason,
            RawRepresentation = raw,
        };
    }
}
