using QwenApi.Testing.Tests.TestUtilities;
using static QwenApi.Testing.Tests.TestUtilities.ExpectedChunks;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class StreamingTests : SimulatorTestBase
{
    [Fact]
    public async Task Stream_TextAnswer_SendsRoleTokensFinishAndDone()
    {
        var events = await StreamAsync(ChatBodies.User("Hello there", stream: true));

        Assert.Equal(
        [
            Role(),
            Content("Simulated "),
            Content("answer "),
            Content("to: "),
            Content("Hello "),
            Content("there"),
            Finish("stop"),
            "[DONE]",
        ],
        events);
    }

    [Fact]
    public async Task Stream_IncludeUsage_SendsUsageChunkWithEmptyChoicesBeforeDone()
    {
        var events = await StreamAsync(ChatBodies.User("Hello there", stream: true, extra: """{"stream_options":{"include_usage":true}}"""));

        Assert.Equal(9, events.Count);
        Assert.Equal(Finish("stop"), events[6]);
        Assert.Equal(
            Usage("""{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8,"prompt_tokens_details":{"cached_tokens":0}}"""),
            events[7]);
        Assert.Equal("[DONE]", events[8]);
    }

    [Fact]
    public async Task Stream_IncludeUsageFalse_SendsNoUsageChunk()
    {
        var events = await StreamAsync(ChatBodies.User("Hi", stream: true, extra: """{"stream_options":{"include_usage":false}}"""));

        Assert.DoesNotContain(events, e => e.StartsWith("{\"choices\":[]", StringComparison.Ordinal));
        Assert.All(events.SkipLast(1), e => Assert.Contains("\"usage\":null", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_EnableThinking_SendsReasoningWithNullContentThenContentWithNullReasoning()
    {
        var events = await StreamAsync(ChatBodies.User("Hi", stream: true, extra: """{"enable_thinking":true,"stream_options":{"include_usage":true}}"""));

        Assert.Equal(
        [
            Delta("""{"content":null,"role":"assistant","reasoning_content":""}"""),
            Delta("""{"content":null,"reasoning_content":"Thinking "}"""),
            Delta("""{"content":null,"reasoning_content":"about: "}"""),
            Delta("""{"content":null,"reasoning_content":"Hi"}"""),
            Delta("""{"content":"Simulated ","reasoning_content":null}"""),
            Delta("""{"content":"answer ","reasoning_content":null}"""),
            Delta("""{"content":"to: ","reasoning_content":null}"""),
            Delta("""{"content":"Hi","reasoning_content":null}"""),
            Finish("stop"),
            Usage("""{"prompt_tokens":1,"completion_tokens":7,"total_tokens":8,"completion_tokens_details":{"reasoning_tokens":3},"prompt_tokens_details":{"cached_tokens":0}}"""),
            "[DONE]",
        ],
        events);
    }

    [Fact]
    public async Task Stream_MaxTokens_TruncatesAndFinishesWithLength()
    {
        var events = await StreamAsync(ChatBodies.User("Hello there", stream: true, extra: """{"max_tokens":2}"""));

        Assert.Equal([Role(), Content("Simulated "), Content("answer "), Finish("length"), "[DONE]"], events);
    }

    [Fact]
    public async Task Stream_Response_HasEventStreamContentTypeAndRequestId()
    {
        using var response = await PostAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sim-req-1", Assert.Single(response.Headers.GetValues("x-request-id")));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("data: {\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"}", raw, StringComparison.Ordinal);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", raw, StringComparison.Ordinal);
    }
}
