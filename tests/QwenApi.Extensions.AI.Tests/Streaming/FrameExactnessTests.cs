using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>The frame fast path (<see cref="ChunkFrame"/>) must give exactly what a full parse gives, in either field order.</summary>
public sealed class FrameExactnessTests
{
    private const string QwenTail = ""","finish_reason":null,"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":null,"created":1770764906,"system_fingerprint":null,"model":"qwen3-max","id":"chatcmpl-1"}""";
    private const string OpenAIHead = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1770764906,"model":"qwen3-max","system_fingerprint":null,"choices":[{"index":0,"delta":""";

    private static string Qwen(string delta) => """{"choices":[{"delta":""" + delta + QwenTail;

    private static string OpenAI(string delta, string finish = "null", string usage = "null") =>
        OpenAIHead + delta + $$""","logprobs":null,"finish_reason":{{finish}}}],"usage":{{usage}}}""";

    [Fact]
    public void ParseEvent_OpenAIOrderStream_ReadThroughTheFrame()
    {
        var parser = new ChunkParser();
        for (int i = 0; i < 10; i++)
        {
            Parse(parser, OpenAI($$"""{"content":"t{{i}}"}"""));
            Assert.Equal(($"t{i}", "chatcmpl-1", "qwen3-max", 1770764906L), (parser.Content, parser.Id, parser.Model, parser.Created));
        }

        Assert.Equal(9, parser.FramesReplayed);
    }

    [Fact]
    public void ParseEvent_OpenAIOrderOneByteChangedInSuffix_Seen()
    {
        var parser = new ChunkParser();
        Parse(parser, OpenAI("""{"content":"a"}"""));
        Parse(parser, OpenAI("""{"content":"b"}"""));

        Parse(parser, OpenAI("""{"content":"c"}""", finish: "\"stop\""));
        Assert.Equal(("c", "stop", false), (parser.Content, parser.FinishReason, parser.HasUsage));

        Parse(parser, OpenAI("""{"content":"d"}""", usage: """{"total_tokens":5}"""));
        Assert.Equal(("d", null, true, 5L), (parser.Content, parser.FinishReason, parser.HasUsage, parser.Usage.TotalTokens));

        Parse(parser, OpenAI("""{"content":"e"}""", usage: """{"total_tokens":6}"""));
        Assert.Equal(("e", true, 6L), (parser.Content, parser.HasUsage, parser.Usage.TotalTokens));
        Assert.Equal(1, parser.FramesReplayed);
    }

    [Fact]
    public void ParseEvent_OpenAIOrderOneByteChangedInPrefix_Seen()
    {
        var parser = new ChunkParser();
        Parse(parser, OpenAI("""{"content":"a"}"""));
        Parse(parser, OpenAI("""{"content":"b"}""").Replace("chatcmpl-1", "chatcmpl-2", StringComparison.Ordinal));
        Assert.Equal(("b", "chatcmpl-2"), (parser.Content, parser.Id));

        Parse(parser, OpenAI("""{"content":"c"}""").Replace("\"index\":0", "\"index\":1", StringComparison.Ordinal));
        Assert.Null(parser.Content); // Choice 1 is not read.
        Assert.Equal(0, parser.FramesReplayed);
    }

    [Fact]
    public void ParseEvent_DeeplyNestedDelta_SameOutcomeThroughTheFrameAsInFull()
    {
        // The reader's depth limit (64) counts the containers around the delta; read alone, the delta gets a lower limit.
        var outcomes = new HashSet<bool>();
        for (int depth = 50; depth <= 62; depth++)
        {
            string nested = new string('[', depth) + new string(']', depth);
            string chunk = Qwen("""{"tool_calls":[{"index":0,"function":{"arguments":{"a":""" + nested + "}}}]}");
            var warmed = new ChunkParser();
            Parse(warmed, Qwen("""{"content":"a"}"""));

            string? expected = Outcome(new ChunkParser(), chunk);
            string? actual = Outcome(warmed, chunk);

            Assert.Equal(expected, actual);
            outcomes.Add(expected == "JsonException");
        }

        Assert.Equal(2, outcomes.Count); // Both sides of the limit were tried.
    }

    [Fact]
    public void ParseEvent_QwenOrderRecordedLayout_ReadThroughTheFrame()
    {
        var parser = new ChunkParser();
        for (int i = 0; i < 5; i++)
        {
            Parse(parser, Qwen($$"""{"content":"t{{i}}"}"""));
        }

        Assert.Equal(("t4", 4), (parser.Content, parser.FramesReplayed));
    }

    private static string? Outcome(ChunkParser parser, string chunk)
    {
        try
        {
            Parse(parser, chunk);
            return Assert.Single(parser.ToolCalls).Arguments;
        }
        catch (JsonException)
        {
            return "JsonException";
        }
    }

    private static void Parse(ChunkParser parser, string json) => parser.ParseEvent("message", Encoding.UTF8.GetBytes(json));
}
