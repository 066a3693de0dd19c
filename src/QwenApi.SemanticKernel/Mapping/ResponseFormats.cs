using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Reads every response-format form Semantic Kernel users write (the forms <c>OpenAIPromptExecutionSettings.ResponseFormat</c>
/// accepts, plus MEAI's own type) and turns it into a <see cref="ChatResponseFormat"/>, or into the JSON that stands for it
/// in settings JSON (OpenAI's wire shape, so a settings file reads like the request it produces).
/// </summary>
internal static class ResponseFormats
{
    private const string SettingName = "response_format";

    /// <summary>Gets the format for a value: a <see cref="Type"/>, <c>"text"</c>/<c>"json_object"</c>, a schema (JSON text, element or node), OpenAI's <c>{"type":"json_schema",…}</c> object, or a <see cref="ChatResponseFormat"/>.</summary>
    /// <exception cref="ArgumentException">The value is none of these; the message names the setting and the accepted forms.</exception>
    public static ChatResponseFormat? ToChatResponseFormat(object? value) => value switch
    {
        null => null,
        ChatResponseFormat format => format,

        // As OpenAI's connector does for typeof(T): a JSON schema built from the type, named after it (MEAI builds the
        // schema with AIJsonUtilities.CreateJsonSchema and takes the description from [Description]).
        Type type => ChatResponseFormat.ForJsonSchema(type, AIJsonUtilities.DefaultOptions),
        string text => FromString(text),
        JsonElement element => FromElement(element),
        JsonDocument document => FromElement(document.RootElement),
        JsonNode node => FromElement(JsonSerializer.SerializeToElement(node, QwenSettingsJsonContext.Default.JsonNode)),
        _ => throw Unsupported(value.GetType().FullName),
    };

    /// <summary>Gets the JSON written for a value in settings JSON: <c>"text"</c>, <c>"json_object"</c>, or OpenAI's <c>json_schema</c> object.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        JsonElement element => JsonSerializer.SerializeToNode(element, QwenSettingsJsonContext.Default.JsonElement),
        JsonDocument document => JsonSerializer.SerializeToNode(document.RootElement, QwenSettingsJsonContext.Default.JsonElement),
        JsonNode node => node.DeepClone(),
        _ => ToChatResponseFormat(value) switch
        {
            ChatResponseFormatText => JsonValue.Create("text"),
            ChatResponseFormatJson { Schema: null } => JsonValue.Create("json_object"),
            ChatResponseFormatJson json => WrapSchema(json),
            var other => throw Unsupported(other?.GetType().FullName),
        },
    };

    /// <summary>Writes <see cref="ToJson"/> of a value, or <c>null</c>: what both response-format JSON converters write.</summary>
    public static void WriteJson(Utf8JsonWriter writer, object value)
    {
        JsonNode? node = ToJson(value);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static ChatResponseFormat FromString(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                return FromElement(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"Execution setting \"{SettingName}\" starts with '{{' but is not valid JSON: {e.Message}", "executionSettings", e);
            }
        }

        return trimmed switch
        {
            "text" => ChatResponseFormat.Text,
            "json_object" => ChatResponseFormat.Json,
            _ => throw new ArgumentException(
                $"Execution setting \"{SettingName}\" is \"{text}\"; use \"text\", \"json_object\", a JSON schema, or typeof(T).", "executionSettings"),
        };
    }

    private static ChatResponseFormat FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return FromString(element.GetString()!);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported("JSON " + element.ValueKind);
        }

        // OpenAI's wire shape names its kind in "type"; a bare JSON schema also has "type", but "object", "array", …
        string? kind = element.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        switch (kind)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                if (!element.TryGetProperty("json_schema", out JsonElement wrapped) || wrapped.ValueKind != JsonValueKind.Object
                    || !wrapped.TryGetProperty("schema", out JsonElement schema) || schema.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException(
                        $"Execution setting \"{SettingName}\" has \"type\": \"json_schema\" but no \"json_schema\": {{ \"schema\": {{…}} }} object.", "executionSettings");
                }

                return ChatResponseFormat.ForJsonSchema(schema.Clone(), OptionalString(wrapped, "name"), OptionalString(wrapped, "description"));
            default:
                return ChatResponseFormat.ForJsonSchema(element.Clone());
        }
    }

    private static JsonObject WrapSchema(ChatResponseFormatJson json)
    {
        var inner = new JsonObject { ["name"] = json.SchemaName ?? "response" };
        if (json.SchemaDescription is { } description)
        {
            inner["description"] = description;
        }

        inner["schema"] = JsonSerializer.SerializeToNode(json.Schema!.Value, QwenSettingsJsonContext.Default.JsonElement);
        return new JsonObject { ["type"] = "json_schema", ["json_schema"] = inner };
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ArgumentException Unsupported(string? what) => new(
        $"Execution setting \"{SettingName}\" is a {what}; use typeof(T), \"text\", \"json_object\", a ChatResponseFormat, or a JSON schema (JsonElement, JsonNode, JSON text, or {{\"type\":\"json_schema\",\"json_schema\":{{…}}}}).",
        "executionSettings");
}
