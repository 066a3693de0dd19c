namespace QwenApi.Testing;

/// <summary>The JSON payloads of a streamed answer, each to be sent as one <c>data:</c> event.</summary>
/// <param name="Body">The chunks before the finish chunk: role, reasoning, content and tool-call fragments.</param>
/// <param name="Finish">The chunk with <c>finish_reason</c> and an empty <c>delta</c>.</param>
/// <param name="Usage">The <c>"choices":[]</c> usage chunk, or <see langword="null"/> without <c>include_usage</c>.</param>
internal sealed record StreamChunks(IReadOnlyList<byte[]> Body, byte[] Finish, byte[]? Usage);
