using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Rewrites a chunk in Qwen's property order (<c>choices</c> first, <c>delta</c> first in a choice, <c>id</c> last) into
/// OpenAI's (<c>id, object, created, model, system_fingerprint, choices, usage</c>; <c>index, delta, logprobs,
/// finish_reason</c>), as a proxy that re-serialises the chunks would. Values are kept; only the order changes.
/// </summary>
internal static class OpenAIOrder
{
    private static readonly string[] s_root = ["id", "object", "created", "model", "system_fingerprint", "choices", "usage"];
    private static readonly string[] s_choice = ["index", "delta", "message", "logprobs", "finish_reason"];
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Chunk(string qwenChunk)
    {
        JsonObject root = JsonNode.Parse(qwenChunk)!.AsObject();
        if (root["choices"] is JsonArray choices)
        {
            for (int i = 0; i < choices.Count; i++)
            {
                if (choices[i] is JsonObject choice)
                {
                    choices[i] = Reorder(choice, s_choice);
                }
            }
        }

        return Reorder(root, s_root).ToJsonString(s_options);
    }

    /// <summary>Every <c>data: {…}</c> line of an SSE body rewritten; other lines kept.</summary>
    public static string Body(string sse) =>
        string.Join("\n", sse.Split('\n').Select(line => line.StartsWith("data: {", StringComparison.Ordinal) ? "data: " + Chunk(line["data: ".Length..]) : line));

    private static JsonObject Reorder(JsonObject source, string[] order)
    {
        var result = new JsonObject();
        List<KeyValuePair<string, JsonNode?>> properties = [.. source];
        source.Clear();
        foreach (string name in order)
        {
            foreach (KeyValuePair<string, JsonNode?> property in properties.Where(p => p.Key == name))
            {
                result[property.Key] = property.Value;
            }
        }

        foreach (KeyValuePair<string, JsonNode?> property in properties.Where(p => Array.IndexOf(order, p.Key) < 0))
        {
            result[property.Key] = property.Value;
        }

        return result;
    }
}
