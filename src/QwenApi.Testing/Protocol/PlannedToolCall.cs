namespace QwenApi.Testing;

/// <summary>A tool call the simulator will send.</summary>
/// <param name="Index">The call's <c>index</c>.</param>
/// <param name="Id">The call id.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments JSON text.</param>
internal sealed record PlannedToolCall(int Index, string Id, string Name, string Arguments);
