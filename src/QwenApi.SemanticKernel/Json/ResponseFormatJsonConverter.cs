using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenApi.SemanticKernel;

/// <summary>
/// JSON for <see cref="QwenPromptExecutionSettings.ResponseFormat"/>, which holds any of several forms: a string reads
/// back as a string, anything else as a <see cref="JsonElement"/>; a <see cref="Type"/> or a
/// <see cref="Microsoft.Extensions.AI.ChatResponseFormat"/> is written in OpenAI's wire shape. Writing a <see cref="Type"/>
/// matters because Semantic Kernel serialises derived settings when it converts them for an <c>IChatClient</c>, and
/// System.Text.Json cannot write a <see cref="Type"/> itself.
/// </summary>
internal sealed class ResponseFormatJsonConverter : JsonConverter<object>
{
    public override bool HandleNull => false;

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options) =>
        ResponseFormats.WriteJson(writer, value);
}
