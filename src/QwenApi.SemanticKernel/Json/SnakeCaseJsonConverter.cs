using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Reads and writes a nested Qwen object (<see cref="QwenApi.Extensions.AI.QwenSearchOptions"/>,
/// <see cref="QwenApi.Extensions.AI.QwenTranslationOptions"/>) with snake_case names (<c>forced_search</c>,
/// <c>source_lang</c>, …) whatever serializer options the caller uses, so that settings loaded by Semantic Kernel (prompt
/// templates, YAML, JSON) bind the same way as through <see cref="QwenPromptExecutionSettings.FromExecutionSettings"/>.
/// </summary>
/// <typeparam name="T">The object's type; <see cref="QwenSettingsJsonContext"/> must hold its contract.</typeparam>
internal sealed class SnakeCaseJsonConverter<T> : JsonConverter<T>
{
    // Looked up on use, not in a static field: the context may still be building the settings' contract when the converter is created.
    private static JsonTypeInfo<T> TypeInfo => (JsonTypeInfo<T>)QwenSettingsJsonContext.Default.GetTypeInfo(typeof(T))!;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, TypeInfo);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, TypeInfo);
}
