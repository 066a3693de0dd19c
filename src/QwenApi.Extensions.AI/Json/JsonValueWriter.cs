using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Writes user-supplied values (pass-through fields, tool arguments and results) without reflection for the common types.</summary>
internal static class JsonValueWriter
{
    /// <summary>
    /// Relaxed escaping for everything the client writes: the text goes to an API, not into HTML, so non-ASCII text
    /// (Chinese prompts) is sent as UTF-8 rather than six-byte <c>\uXXXX</c> escapes.
    /// </summary>
    public static readonly JsonWriterOptions RelaxedOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter writer, object? value, string description)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                writer.WriteNumberValue(d);
                return;
            case float f:
                writer.WriteNumberValue(f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                return;
            case JsonNode node:
                node.WriteTo(writer);
                return;
            case QwenSearchOptions search:
                QwenOptionsWriter.WriteSearchOptions(writer, search);
                return;
            case QwenTranslationOptions translation:
                QwenOptionsWriter.WriteTranslationOptions(writer, translation);
                return;
        }

        JsonTypeInfo info;
        try
        {
            info = AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType());
        }
        catch (NotSupportedException ex)
        {
            throw new NotSupportedException(
                $"{description} has type {value.GetType().FullName}, which cannot be serialised to JSON here (reflection-based serialisation is disabled). Pass a JsonElement, a JsonNode or a primitive value instead.",
                ex);
        }

        JsonSerializer.Serialize(writer, value, info);
    }

    /// <summary>The text of a tool result as the <c>tool</c> message's content: strings as they are, anything else as JSON.</summary>
    public static string ToContentString(object? value)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case string s:
                return s;
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return e.GetString()!;
        }

        return ToJsonText(value, static (writer, v) => Write(writer, v, "A FunctionResultContent.Result"));
    }

    /// <summary>Tool-call arguments as the JSON text the <c>arguments</c> field carries.</summary>
    public static string ToArgumentsText(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }

        return ToJsonText(arguments, static (writer, args) =>
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, object?> argument in args)
            {
                writer.WritePropertyName(argument.Key);
                Write(writer, argument.Value, $"FunctionCallContent argument \"{argument.Key}\"");
            }

            writer.WriteEndObject();
        });
    }

    private static string ToJsonText<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, RelaxedOptions))
        {
            write(writer, state);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
