namespace QwenApi.Extensions.AI;

/// <summary>One <c>delta.tool_calls[]</c> entry; empty strings are stored as <see langword="null"/> (Qwen sends <c>"id":""</c> on later fragments).</summary>
internal readonly record struct ToolCallFragment(int Index, string? Id, string? Name, string? Arguments);
