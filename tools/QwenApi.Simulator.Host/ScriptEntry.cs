using QwenApi.Testing;

namespace QwenApi.Simulator.Host;

/// <summary>One entry of a <c>--script</c> file.</summary>
/// <param name="When">The marker text of a <c>"when"</c> entry, or <see langword="null"/> for the global queue.</param>
/// <param name="Response">The response to enqueue.</param>
internal sealed record ScriptEntry(string? When, SimulatorResponse Response);
