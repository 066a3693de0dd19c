using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Scripting;

public sealed class ReplayTests : SimulatorTestBase
{
    [Theory]
    [InlineData("alibaba-text.sse", "text/event-stream")]
    [InlineData("alibaba-reasoning.sse", "text/event-stream")]
    [InlineData("alibaba-tool-call.sse", "text/event-stream")]
    [InlineData("alibaba-reasoning.json", "application/json")]
    public async Task ReplayFile_SplitAtEveryByte_ClientReceivesIdenticalBytes(string name, string contentType)
    {
        var path = CorpusFiles.PathOf(name);
        Simulator.Enqueue(SimulatorResponse.ReplayFile(path, splitEveryBytes: 1));

        using var response = await PostAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(path), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ReplayFile_Whole_ClientReceivesIdenticalBytesAndEvents()
    {
        var path = CorpusFiles.PathOf("alibaba-tool-call.sse");
        Simulator.Enqueue(SimulatorResponse.ReplayFile(path));

        var events = await StreamAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal(7, events.Count);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Contains("call_eee11723464a4b9eb8cee71d", events[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_MultiByteTextSplitAtEveryByte_ReassemblesExactly()
    {
        const string Body = "data: {\"choices\":[{\"delta\":{\"content\":\"草莓 🍓\"}}]}\r\n\r\n: keep-alive\n\ndata:[DONE]\n\n";
        Simulator.Enqueue(SimulatorResponse.Replay(Body, "text/event-stream; charset=utf-8", splitEveryBytes: 1));

        using var response = await PostAsync(ChatBodies.User("Hi"));

        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void ReplayFile_UnknownExtension_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SimulatorResponse.ReplayFile("payload.txt"));
    }
}
