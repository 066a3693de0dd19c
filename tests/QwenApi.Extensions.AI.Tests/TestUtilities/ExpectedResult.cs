using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>A corpus <c>.expected.json</c> file, compared field by field with what the client produced.</summary>
internal sealed class ExpectedResult
{
    private readonly JsonElement _root;

    private ExpectedResult(JsonElement root) => _root = root;

    public static ExpectedResult Load(string payloadName) =>
        new(JsonDocument.Parse(File.ReadAllBytes(CorpusFiles.PathOf(payloadName + ".expected.json"))).RootElement);

    public int? ChunkCount => _root.TryGetProperty("chunk_count", out JsonElement c) ? c.GetInt32() : null;

    /// <summary>Asserts every key of the expected file against <paramref name="response"/>.</summary>
    public void AssertMatches(ChatResponse response)
    {
        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(_root.GetProperty("text").GetString(), message.Text);
        Assert.Equal(_root.GetProperty("reasoning").GetString(), string.Concat(message.Contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(_root.GetProperty("response_id").GetString(), response.ResponseId);
        Assert.Equal(_root.GetProperty("model").GetString(), response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_root.GetProperty("created").GetInt64()), response.CreatedAt);
        Assert.Equal(_root.GetProperty("finish_reason").GetString(), response.FinishReason?.Value);

        FunctionCallContent[] calls = message.Contents.OfType<FunctionCallContent>().ToArray();
        JsonElement expectedCalls = _root.GetProperty("tool_calls");
        Assert.Equal(expectedCalls.GetArrayLength(), calls.Length);
        int i = 0;
        foreach (JsonElement expected in expectedCalls.EnumerateArray())
        {
            FunctionCallContent call = calls[i++];
            Assert.Null(call.Exception);
            Assert.Equal(expected.GetProperty("id").GetString(), call.CallId);
            Assert.Equal(expected.GetProperty("name").GetString(), call.Name);
            Assert.Equal(Canonical(expected.GetProperty("arguments")), Canonical(JsonSerializer.SerializeToElement(call.Arguments)));
        }

        JsonElement usage = _root.GetProperty("usage");
        if (usage.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(response.Usage);
            return;
        }

        Assert.NotNull(response.Usage);
        Assert.Equal(Long(usage, "input_tokens"), response.Usage.InputTokenCount);
        Assert.Equal(Long(usage, "output_tokens"), response.Usage.OutputTokenCount);
        Assert.Equal(Long(usage, "total_tokens"), response.Usage.TotalTokenCount);
        Assert.Equal(Long(usage, "cached_input_tokens"), response.Usage.CachedInputTokenCount);
        Assert.Equal(Long(usage, "reasoning_tokens"), response.Usage.ReasoningTokenCount);
    }

    private static long? Long(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt64();

    /// <summary>Key-sorted compact JSON, so argument objects compare by value.</summary>
    internal static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        _ => element.GetRawText(),
    };
}
