using System.Text.Json;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Fields the client does not map (logprobs, search results, fields Qwen adds later) reach the caller when streaming as
/// they do unary: the update of a chunk that carries one has the chunk as <see cref="ChatResponseUpdate.RawRepresentation"/>.
/// Ordinary chunks carry none unless <see cref="QwenClientOptions.RawStreamingChunks"/> asks for every chunk.
/// </summary>
public sealed class RawRepresentationTests : IAsyncLifetime
{
    private const string LogprobsChunk = """{"choices":[{"delta":{"content":"Hi"},"finish_reason":null,"index":0,"logprobs":{"content":[{"token":"Hi","logprob":-0.01,"top_logprobs":[]}]}}],""" + Sse.Meta + "}";
    private const string SearchChunk = """{"choices":[],"search_info":{"search_results":[{"index":1,"title":"Qwen","url":"https://example.com/qwen"}]},""" + Sse.Meta + "}";

    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Stream_ChunksWithUnmappedFields_CarryTheirJsonAndOthersCarryNone()
    {
        _simulator.Enqueue(Sse.Response(Sse.BodyWithDone(SearchChunk, LogprobsChunk, Sse.Delta("""{"content":" there"}"""), Sse.Delta("{}", "stop"))));
        using QwenChatClient client = TestClients.Create(_simulator);

        List<ChatResponseUpdate> updates = await client.GetStreamingResponseAsync("hi").ToListAsync();

        Assert.Equal(["", "Hi", " there", ""], updates.Select(u => u.Text));
        JsonElement search = Assert.IsType<JsonElement>(updates[0].RawRepresentation);
        Assert.Equal("https://example.com/qwen", search.GetProperty("search_info").GetProperty("search_results")[0].GetProperty("url").GetString());
        JsonElement logprobs = Assert.IsType<JsonElement>(updates[1].RawRepresentation);
        Assert.Equal(-0.01, logprobs.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content")[0].GetProperty("logprob").GetDouble());
        Assert.Null(updates[2].RawRepresentation);
        Assert.Null(updates[3].RawRepresentation);
        Assert.Equal("Hi there", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Stream_RawStreamingChunksOn_EveryUpdateCarriesItsChunk()
    {
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.RawStreamingChunks = true);

        List<ChatResponseUpdate> updates = await client.GetStreamingResponseAsync("hello").ToListAsync();

        Assert.All(updates, u => Assert.Equal("chat.completion.chunk", Assert.IsType<JsonElement>(u.RawRepresentation).GetProperty("object").GetString()));
        Assert.Equal(ChatCalls.AnswerTo("hello"), updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Unary_UnmappedFields_AreInRawRepresentation()
    {
        _simulator.Enqueue(SimulatorResponse.Replay(
            """{"id":"c1","object":"chat.completion","created":1,"model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop","logprobs":{"content":[{"token":"Hi","logprob":-0.5}]}}],"search_info":{"search_results":[]}}""",
            "application/json"));
        using QwenChatClient client = TestClients.Create(_simulator);

        ChatResponse response = await client.GetResponseAsync("hi");

        JsonElement raw = Assert.IsType<JsonElement>(response.RawRepresentation);
        Assert.Equal(-0.5, raw.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content")[0].GetProperty("logprob").GetDouble());
        Assert.True(raw.TryGetProperty("search_info", out _));
    }
}
