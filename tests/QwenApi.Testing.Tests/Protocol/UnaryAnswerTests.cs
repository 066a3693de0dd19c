using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class UnaryAnswerTests : SimulatorTestBase
{
    [Fact]
    public async Task Unary_TextAnswer_ReturnsChatCompletionInQwenLayout()
    {
        var (status, body) = await SendAsync(ChatBodies.User("Hello there"));

        Assert.Equal(200, status);
        Assert.Equal(
            """{"choices":[{"message":{"content":"Simulated answer to: Hello there","role":"assistant"},"finish_reason":"stop","index":0,"logprobs":null}],"object":"chat.completion","usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8,"prompt_tokens_details":{"cached_tokens":0}},"created":1770764906,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-sim-1"}""",
            body);
    }

    [Fact]
    public async Task Unary_ContentParts_JoinsTextPartsAndCountsAllMessages()
    {
        const string Body = """
            {"model":"qwen-vl-max","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"Describe "},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"text","text":"this"}]}]}
            """;

        var (_, body) = await SendAsync(Body);

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Simulated answer to: Describe this", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("qwen-vl-max", root.GetProperty("model").GetString());

        // "Be brief." (9) + "Describe this" (13) = 22 characters: ceil(22 / 4) = 6.
        Assert.Equal(6, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Unary_EnableThinking_ReturnsReasoningAndReasoningTokens()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hi", extra: """{"enable_thinking":true}"""));

        Assert.Equal(
            """{"choices":[{"message":{"content":"Simulated answer to: Hi","reasoning_content":"Thinking about: Hi","role":"assistant"},"finish_reason":"stop","index":0,"logprobs":null}],"object":"chat.completion","usage":{"prompt_tokens":1,"completion_tokens":7,"total_tokens":8,"completion_tokens_details":{"reasoning_tokens":3},"prompt_tokens_details":{"cached_tokens":0}},"created":1770764906,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-sim-1"}""",
            body);
    }

    [Fact]
    public async Task Unary_EnableThinkingFalse_ReturnsNoReasoningField()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hi", extra: """{"enable_thinking":false}"""));

        Assert.DoesNotContain("reasoning", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_MaxTokens_TruncatesAnswerWithFinishReasonLength()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hello there", extra: """{"max_tokens":3}"""));

        var choice = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0];
        Assert.Equal("Simulated answer to: ", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Unary_MaxTokensAboveAnswerLength_FinishesWithStop()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hello there", extra: """{"max_tokens":5}"""));

        Assert.Contains("\"finish_reason\":\"stop\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_SequentialRequests_NumberIdsAndRequestIds()
    {
        _ = await SendAsync(ChatBodies.User("one"));
        using var response = await PostAsync(ChatBodies.User("two"));

        Assert.Equal("sim-req-2", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Contains("\"id\":\"chatcmpl-sim-2\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unary_Created_FollowsTimeProvider()
    {
        Time.Advance(TimeSpan.FromSeconds(90));

        var (_, body) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Contains($"\"created\":{ExpectedChunks.Created + 90}", body, StringComparison.Ordinal);
    }
}
