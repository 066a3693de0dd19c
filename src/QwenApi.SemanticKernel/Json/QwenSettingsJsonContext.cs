using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>Source-generated JSON for <see cref="QwenPromptExecutionSettings"/> (snake_case, no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(QwenPromptExecutionSettings))]
[JsonSerializable(typeof(QwenSearchOptions))]
[JsonSerializable(typeof(QwenTranslationOptions))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
internal sealed partial class QwenSettingsJsonContext : JsonSerializerContext;
