using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Finds a JSON Schema written into the prompt, which is how clients ask for structured output with
/// <c>json_object</c> (MEAI's <c>GetResponseAsync&lt;T&gt;(useJsonSchemaResponseFormat: false)</c> adds "Respond with
/// a JSON value conforming to the following schema:" and the schema in a fenced block).
/// </summary>
internal static class PromptSchemaFinder
{
    private static readonly string[] s_schemaKeywords = ["type", "properties", "$schema", "$ref", "anyOf", "oneOf", "enum"];

    /// <summary>Gets the schema of the latest message that holds one, or <see langword="null"/>.</summary>
    public static JsonElement? Find(IReadOnlyList<ChatMessageInfo> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var text = messages[i].Text;
            if (!text.Contains("schema", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Fenced blocks first (the odd pieces between ``` marks), then the outermost braces of the message.
            var pieces = text.Split("```");
            for (var j = pieces.Length - 2; j >= 1; j -= 2)
            {
                if (TryParse(pieces[j]) is { } fenced)
                {
                    return fenced;
                }
            }

            var start = text.IndexOf('{', StringComparison.Ordinal);
            var end = text.LastIndexOf('}');
            if (start >= 0 && end > start && TryParse(text[start..(end + 1)]) is { } braced)
            {
                return braced;
            }
        }

        return null;
    }

    private static JsonElement? TryParse(string candidate)
    {
        // A fence may name its language on the first line: ```json
        var start = candidate.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(candidate.AsMemory(start));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && s_schemaKeywords.Any(k => root.TryGetProperty(k, out _)) ? root.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
