using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Corpus;

/// <summary>Every recorded Qwen payload, replayed over loopback HTTP and compared with its <c>.expected.json</c>.</summary>
public sealed class RecordedCorpusTests
{
    public static TheoryData<string> Streams => CorpusFiles.StreamNames();

    public static TheoryData<string> Responses => CorpusFiles.ResponseNames();

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task GetResponseAsync_RecordedResponse_MatchesExpected(string payload)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(payload)));
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse response = await client.GetResponseAsync("hello");

        ExpectedResult.Load(payload).AssertMatches(response);
        Assert.NotNull(response.RawRepresentation);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task GetStreamingResponseAsync_RecordedStream_MatchesExpected(string payload)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(payload)));
        using QwenChatClient client = TestClients.Create(simulator);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hello"))
        {
            updates.Add(update);
        }

        ExpectedResult expected = ExpectedResult.Load(payload);
        expected.AssertMatches(updates.ToChatResponse());
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.NotNull(u.ResponseId));
        Assert.All(updates, u => Assert.NotNull(u.ModelId));
        Assert.All(updates, u => Assert.NotNull(u.CreatedAt));
        Assert.InRange(updates.Count, 1, expected.ChunkCount!.Value);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task GetStreamingResponseAsync_RecordedStreamSplitAtEveryByte_MatchesExpected(string payload)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(payload), splitEveryBytes: 7));
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse response = await client.GetStreamingResponseAsync("hello").ToChatResponseAsync();

        ExpectedResult.Load(payload).AssertMatches(response);
    }

    [Theory]
    [InlineData("alibaba-text")]
    [InlineData("alibaba-reasoning")]
    [InlineData("alibaba-tool-call")]
    public async Task StreamAndUnary_SameContent_ProduceEqualResponses(string baseName)
    {
        // The recorded stream and response differ (separate calls), so compare each to its own expectation shape:
        // both must coalesce to one assistant message with contents in the same order of kinds.
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(baseName + ".json")));
        simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(baseName + ".sse")));
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse unary = await client.GetResponseAsync("hello");
        ChatResponse streamed = await client.GetStreamingResponseAsync("hello").ToChatResponseAsync();

        Assert.Equal(
            unary.Messages.Single().Contents.Select(c => c.GetType()),
            streamed.Messages.Single().Contents.Select(c => c.GetType()));
    }
}
