namespace QwenApi.Extensions.AI;

/// <summary>What one SSE event carried.</summary>
internal enum ChunkKind
{
    /// <summary>A <c>chat.completion.chunk</c>.</summary>
    Chunk,

    /// <summary>The <c>[DONE]</c> sentinel.</summary>
    Done,

    /// <summary>An in-band <c>{"error":…}</c> event.</summary>
    Error,

    /// <summary>An empty event (no data).</summary>
    Empty,
}
