namespace QwenApi.Testing;

/// <summary>Builds the arguments of a default tool call from the tool's parameter schema.</summary>
internal static class ToolArgumentsWriter
{
    /// <summary>
    /// Gets arguments valid for the tool's <c>parameters</c> schema (<see cref="JsonSchemaSampler"/>: every
    /// property in declaration order, enums and ranges honoured, plain strings <c>"sample"</c>, integers 1, numbers
    /// 1.5), seeded by the prompt and the tool name; <c>{}</c> for a tool without parameters.
    /// </summary>
    public static string Write(ToolDefinition? tool, string prompt) =>
        tool?.Parameters is { } parameters ? JsonSchemaSampler.Sample(parameters, prompt + "\n" + tool.Name) : "{}";
}
