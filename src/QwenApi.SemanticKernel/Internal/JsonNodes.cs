using System.Text.Json;
using System.Text.Json.Nodes;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>Turns a loosely typed execution-setting value (JSON element, primitive, Qwen options object) into a JSON node without reflection.</summary>
internal static class JsonNodes
{
    public static JsonNode? From(object? value, string name) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonSerializer.SerializeToNode(element, QwenSettingsJsonContext.Default.JsonElement),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        float f => JsonValue.Create(f),
        double d => JsonValue.Create(d),
        decimal m => JsonValue.Create(m),
        QwenSearchOptions search => JsonSerializer.SerializeToNode(search, QwenSettingsJsonContext.Default.QwenSearchOptions),
        QwenTranslationOptions translation => JsonSerializer.SerializeToNode(translation, QwenSettingsJsonContext.Default.QwenTranslationOptions),
        _ => throw new ArgumentException(
            $"Execution setting \"{name}\" is a {value.GetType().Name}; use a JSON value, a primitive, or the Qwen options type.", "executionSettings"),
    };
}
