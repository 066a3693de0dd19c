using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>The recorded Qwen streams, in their own layout and re-serialised in OpenAI's order, split at any read size: the same answer.</summary>
public sealed class RecordedStreamReplayTests
{
    public static TheoryData<string, bool, int> Cases()
    {
        var cases = new TheoryData<string, bool, int>();
        foreach (string name in CorpusFiles.Streams())
        {
            foreach (bool openAIOrder in new[] { false, true })
            {
                foreach (int split in new[] { 0, 1, 7, 64 })
                {
                    cases.Add(name, openAIOrder, split);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replay_RecordedStream_MatchesExpectedResult(string payload, bool openAIOrder, int split)
    {
        string body = File.ReadAllText(CorpusFiles.PathOf(payload));
        if (openAIOrder)
        {
            body = OpenAIOrder.Body(body);
        }

        SseReplay.Result result = SseReplay.Run(body, split);

        Assert.Equal("done", result.Ending);
        ExpectedResult.Load(payload).AssertMatches(result.Updates.ToChatResponse());
    }
}
