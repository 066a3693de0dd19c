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
            Messages = messages,
            Tools = ReadTools(root),
            ToolChoiceNone = root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String
                && choice.ValueEquals("none"),
            ToolChoiceName = ReadToolChoiceName(root),
            ParallelToolCalls = IsTrue(root, "parallel_tool_calls"),
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
                tools.Add(new ToolDefinition(name.GetString()!, ReadProperties(function)));
            }
        }

        return tools;
    }

    private static List<KeyValuePair<string, string?>> ReadProperties(JsonElement function)
    {
        var properties = new List<KeyValuePair<string, string?>>();
        if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("properties", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in map.EnumerateObject())
            {
                properties.Add(new(property.Name, SchemaType(property.Value)));
            }
        }

        return properties;
    }

    // JSON Schema allows "type": ["string", "null"]; the first non-null type decides the sample value.
    private static string? SchemaType(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            JsonValueKind.Array => type.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.String && !t.ValueEquals("null"))
                .Select(t => t.GetString())
                .FirstOrDefault(),
            _ => null,
        };
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
