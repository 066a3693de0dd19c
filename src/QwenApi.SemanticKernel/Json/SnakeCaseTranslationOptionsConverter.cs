using System.Text.Json;
using System.Text.Json.Serialization;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>Reads and writes <see cref="QwenTranslationOptions"/> with snake_case names whatever serializer options the caller uses.</summary>
internal sealed class SnakeCaseTranslationOptionsConverter : JsonConverter<QwenTranslationOptions>
{
    public override QwenTranslationOptions? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, QwenSettingsJsonContext.Default.QwenTranslationOptions);

    public override void Write(Utf8JsonWriter writer, QwenTranslationOptions value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, QwenSettingsJsonContext.Default.QwenTranslationOptions);
}
