namespace QwenApi.Extensions.AI;

/// <summary>
/// One <c>delta.tool_calls[]</c> entry as sent; <see cref="Index"/> is <see langword="null"/> when the server omits it, and
/// empty strings are kept (Qwen sends <c>"id":""</c> on later fragments): <see cref="ToolCallAccumulator"/> decides what they mean.
/// </summary>
internal readonly record struct ToolCallFragment(int? Index, string? Id, string? Name, string? Arguments);
