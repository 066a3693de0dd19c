using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>A function tool offered by the request.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Parameters">The <c>parameters</c> JSON Schema, or <see langword="null"/> when the tool has none.</param>
internal sealed record ToolDefinition(string Name, JsonElement? Parameters);
