using System.Text.Json;
using System.Text.Json.Serialization;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Reads and writes <see cref="QwenSearchOptions"/> with snake_case names
/// (<c>forced_search</c>, …) whatever serializer options the caller uses, so that settings loaded by
/// Semantic Kernel (prompt templates, YAML, JSON) bind the same way as through <see cref="QwenPromptExecutionSettings.FromExecutionSettings"/>.
/// </summary>
internal sealed class SnakeCaseSearchOptionsConverter : JsonConverter<QwenSearchOptions>
{
    public override QwenSearchOptions? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, QwenSettingsJsonContext.Default.QwenSearchOptions);

    public override void Write(Utf8JsonWriter writer, QwenSearchOptions value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, QwenSettingsJsonContext.Default.QwenSearchOptions);
}
