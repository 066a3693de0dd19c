namespace QwenApi.Testing;

/// <summary>A function tool offered by the request.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Properties">
/// The <c>parameters.properties</c> in declaration order, each with its JSON Schema <c>type</c> (or
/// <see langword="null"/> when it has none).
/// </param>
internal sealed record ToolDefinition(string Name, IReadOnlyList<KeyValuePair<string, string?>> Properties);
