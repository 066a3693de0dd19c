using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Writes a response-format value that System.Text.Json cannot write, or writes badly, found anywhere in another
/// connector's settings: a <see cref="Type"/> (System.Text.Json refuses it) or a
/// <see cref="Microsoft.Extensions.AI.ChatResponseFormat"/> (written as a polymorphic object no reader understands). Both become
/// OpenAI's wire shape. Used only to take a JSON snapshot of such settings, never to read.
/// </summary>
/// <typeparam name="T">The declared type whose derived types are written (<see cref="Type"/> covers <c>System.RuntimeType</c>).</typeparam>
internal sealed class ResponseFormatValueJsonConverter<T> : JsonConverter<T>
    where T : class
{
    public override bool CanConvert(Type typeToConvert) => typeof(T).IsAssignableFrom(typeToConvert);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only used to write a snapshot of execution settings.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        ResponseFormats.WriteJson(writer, value);
}
