using System.Text;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>Reads a request body into a <see cref="ChatRequestInfo"/>, ignoring what it cannot use.</summary>
internal static class ChatRequestReader
{
    public static ChatRequestInfo Read(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } root)
        {
            return new ChatRequestInfo();
        }

        var messages = ReadMessages(root);
        return new ChatRequestInfo
        {
            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
            Stream = IsTrue(root, "stream"),
            IncludeUsage = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && IsTrue(options, "include_usage"),
            EnableThinking = IsTrue(root, "enable_thinking"),
            MaxTokens = root.TryGetProperty("max_tokens", out var max) && max.ValueKind == JsonValueKind.Number
                && max.TryGetInt32(out var value) ? value : null,
            MaxCompletionTokens = root.TryGetProperty("max_completion_tokens", out var maxCompletion) && maxCompletion.ValueKind == JsonValueKind.Number
                && maxCompletion.TryGetInt32(out var completion) && completion > 0 ? completion : null,
            Messages = messages,
            Tools = ReadTools(root),
            ToolChoiceNone = root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String
                && choice.ValueEquals("none"),
            ToolChoiceName = ReadToolChoiceName(root),
            ParallelToolCalls = IsTrue(root, "parallel_tool_calls"),
            ResponseFormat = ReadResponseFormat(root),
            LastUserText = messages.LastOrDefault(m => m.Role == "user")?.Text,
        };
    }

    /// <summary>Gets the text of a message's <c>content</c>: the string itself, or its <c>text</c> parts joined.</summary>
    public static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var piece) && piece.ValueKind == JsonValueKind.String)
            {
                _ = text.Append(piece.GetString());
            }
        }

        return text.ToString();
    }

    private static List<ChatMessageInfo> ReadMessages(JsonElement root)
    {
        var messages = new List<ChatMessageInfo>();
        if (root.TryGetProperty("messages", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in array.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object)
                {
                    var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                    messages.Add(new ChatMessageInfo(role, ContentText(message)));
                }
            }
        }

        return messages;
    }

    private static List<ToolDefinition> ReadTools(JsonElement root)
    {
        var tools = new List<ToolDefinition>();
        if (!root.TryGetProperty("tools", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return tools;
        }

        foreach (var tool in array.EnumerateArray())
        {
            if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out var function)
                && function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind is JsonValueKind.Object or JsonValueKind.True
                    ? p : (JsonElement?)null;
                tools.Add(new ToolDefinition(name.GetString()!, parameters));
            }
        }

        return tools;
    }

    // {"type":"json_object"} or {"type":"json_schema","json_schema":{"name":…,"schema":{…}}}; "text" and unknown types are text.
    private static ResponseFormat? ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (type.ValueEquals("json_object"))
        {
            return new ResponseFormat(null);
        }

        if (!type.ValueEquals("json_schema"))
        {
            return null;
        }

        // A json_schema format without a schema still asks for JSON: answer an object, as for json_object.
        return format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object
            && jsonSchema.TryGetProperty("schema", out var schema)
            ? new ResponseFormat(schema)
            : new ResponseFormat(null);
    }

    private static string? ReadToolChoiceName(JsonElement root) =>
        root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object
            && choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    private static bool IsTrue(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
