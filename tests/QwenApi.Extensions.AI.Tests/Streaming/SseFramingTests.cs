using QwenApi.Extensions.AI.Tests.TestUtilities;

using System.Text;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>Legal SSE variants must all yield the same answer: CRLF, comments, <c>data:</c> without a space, multi-line data, any split.</summary>
public sealed class SseFramingTests
{
    private const string Chunk1 = """{"choices":[{"delta":{"content":"Hé","role":"assistant"},"index":0}],"object":"chat.completion.chunk","created":1770764906,"model":"qwen3-max","id":"chatcmpl-1"}""";
    private const string Chunk2 = """{"choices":[{"delta":{"content":"llo 🍓"},"index":0}],"object":"chat.completion.chunk","created":1770764906,"model":"qwen3-max","id":"chatcmpl-1"}""";
    private const string Finish = """{"choices":[{"finish_reason":"stop","delta":{},"index":0}],"object":"chat.completion.chunk","created":1770764906,"model":"qwen3-max","id":"chatcmpl-1"}""";

    public static TheoryData<string, string> Variants => new()
    {
        { "lf", $"data: {Chunk1}\n\ndata: {Chunk2}\n\ndata: {Finish}\n\ndata: [DONE]\n\n" },
        { "crlf", $"data: {Chunk1}\r\n\r\ndata: {Chunk2}\r\n\r\ndata: {Finish}\r\n\r\ndata: [DONE]\r\n\r\n" },
        { "cr", $"data: {Chunk1}\r\rdata: {Chunk2}\r\rdata: {Finish}\r\rdata: [DONE]\r\r" },
        { "no-space", $"data:{Chunk1}\n\ndata:{Chunk2}\n\ndata:{Finish}\n\ndata:[DONE]\n\n" },
        { "comments", $": keep-alive\n\ndata: {Chunk1}\n: ping\n\n:\n\ndata: {Chunk2}\n\nevent: message\nid: 3\ndata: {Finish}\n\ndata: [DONE]\n\n" },
        { "multi-line", $"data: {Chunk1.Replace(",\"object\"", "\ndata: ,\"object\"", StringComparison.Ordinal)}\n\ndata: {Chunk2}\n\ndata: {Finish}\n\ndata: [DONE]\n\n" },
        { "bom", $"\uFEFFdata: {Chunk1}\n\ndata: {Chunk2}\n\ndata: {Finish}\n\ndata: [DONE]\n\n" },
        { "no-final-blank-line", $"data: {Chunk1}\n\ndata: {Chunk2}\n\ndata: {Finish}\n\ndata: [DONE]" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Stream_FramingVariant_YieldsExactText(string name, string body)
    {
        Assert.NotNull(name);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Replay(body, "text/event-stream"));
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("Héllo 🍓", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Stream_SplitAtEveryByteIncludingInsideUtf8Characters_YieldsExactText()
    {
        string body = $"data: {Chunk1}\r\n\r\ndata: {Chunk2}\r\n\r\ndata: {Finish}\r\n\r\ndata: [DONE]\r\n\r\n";
        Assert.True(Encoding.UTF8.GetByteCount(body) > body.Length, "the body must contain multi-byte characters");
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Replay(body, "text/event-stream", splitEveryBytes: 1));
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("Héllo 🍓", response.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(13)]
    public async Task Stream_EverySplitSize_YieldsSameUpdates(int split)
    {
        string body = $"data: {Chunk1}\n\ndata: {Chunk2}\n\ndata: {Finish}\n\ndata: [DONE]\n\n";
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Replay(body, "text/event-stream", splitEveryBytes: split));
        using QwenChatClient client = TestClients.Create(simulator);

        List<string> texts = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            texts.Add(update.Text);
        }

        Assert.Equal(["Hé", "llo 🍓", ""], texts);
    }
}
