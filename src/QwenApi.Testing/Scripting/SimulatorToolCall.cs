namespace QwenApi.Testing;

/// <summary>
/// A tool call that a scripted <see cref="SimulatorResponse.ToolCalls(SimulatorToolCall[])"/> answer makes.
/// </summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments as JSON text, sent verbatim (it need not be valid JSON).</param>
/// <param name="Id">The call id; <see langword="null"/> for <c>call_sim_{N}_{index}</c>.</param>
public sealed record SimulatorToolCall(string Name, string ArgumentsJson, string? Id = null);
