namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Request bodies used across the tests, written as JSON text so the wire form is explicit.</summary>
internal static class ChatBodies
{
    /// <summary>A one-message user request; the members of the JSON object <paramref name="extra"/> are added at the top level.</summary>
    public static string User(string text, bool stream = false, string extra = "", string model = "qwen-plus")
    {
        var encoded = System.Text.Json.JsonEncodedText.Encode(text).ToString();
        var members = $"\"model\":\"{model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"{encoded}\"}}]";
        if (stream)
        {
            members += ",\"stream\":true";
        }

        if (extra.Length > 0)
        {
            members += "," + extra.Trim()[1..^1];
        }

        return "{" + members + "}";
    }

    /// <summary>A weather tool with string, integer, number, boolean and array parameters, in that order.</summary>
    public const string WeatherTool =
        """{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},"threshold":{"type":"number"},"metric":{"type":"boolean"},"tags":{"type":"array"}},"required":["city"]}}}""";

    /// <summary>A second tool with one string parameter.</summary>
    public const string TimeTool =
        """{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}""";
}
