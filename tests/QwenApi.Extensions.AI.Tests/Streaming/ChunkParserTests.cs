using System.Text;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>The parser skips the bytes after a delta when they repeat the last fully parsed chunk's; every change in them must still be seen.</summary>
public sealed class ChunkParserTests
{
    private const string Usage = """{"prompt_tokens":24,"completion_tokens":7,"total_tokens":31}""";

    [Fact]
    public void ParseEvent_TailRepeatsThenChanges_ReadsEveryChange()
    {
        var parser = new ChunkParser();

        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("a", "null", "qwen3-max", "chatcmpl-1")));
        Assert.Equal(("a", "chatcmpl-1", "qwen3-max", false), State(parser));

        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("b", "null", "qwen3-max", "chatcmpl-1")));
        Assert.Equal(("b", "chatcmpl-1", "qwen3-max", false), State(parser));

        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("c", "null", "qwen-plus", "chatcmpl-2")));
        Assert.Equal(("c", "chatcmpl-2", "qwen-plus", false), State(parser));

        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("d", Usage, "qwen-plus", "chatcmpl-2")));
        Assert.Equal(("d", "chatcmpl-2", "qwen-plus", true), State(parser));
        Assert.Equal(31, parser.Usage.TotalTokens);

        // The same usage tail again: skipped, and usage is still reported for this chunk.
        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("e", Usage, "qwen-plus", "chatcmpl-2")));
        Assert.Equal(("e", "chatcmpl-2", "qwen-plus", true), State(parser));
        Assert.Equal(31, parser.Usage.TotalTokens);

        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("f", "null", "qwen-plus", "chatcmpl-2")));
        Assert.Equal(("f", "chatcmpl-2", "qwen-plus", false), State(parser));
    }

    [Fact]
    public void ParseEvent_IdBeforeChoices_ParsedInFullEveryTime()
    {
        var parser = new ChunkParser();
        string tail = ""","object":"chat.completion.chunk","created":1770764906}""";

        Parse(parser, """{"id":"chatcmpl-1","model":"qwen3-max","choices":[{"delta":{"content":"a"},"index":0}]""" + tail);
        Parse(parser, """{"id":"chatcmpl-2","model":"qwen-plus","choices":[{"delta":{"content":"b"},"index":0}]""" + tail);

        Assert.Equal(("b", "chatcmpl-2", "qwen-plus", false), State(parser));
    }

    [Fact]
    public void ParseEvent_ErrorAfterRepeatedTails_IsReportedAsError()
    {
        var parser = new ChunkParser();
        Parse(parser, Chunk("a", "null", "qwen3-max", "chatcmpl-1"));
        Parse(parser, Chunk("b", "null", "qwen3-max", "chatcmpl-1"));

        ChunkKind kind = Parse(parser, """{"error":{"message":"Input data may contain inappropriate content.","code":"data_inspection_failed"}}""");

        Assert.Equal(ChunkKind.Error, kind);
        Assert.Equal("data_inspection_failed", parser.Error.Code);
    }

    [Fact]
    public void ParseEvent_FinishReasonAfterDeltaChanges_IsSeen()
    {
        var parser = new ChunkParser();

        Parse(parser, Chunk("a", "null", "qwen3-max", "chatcmpl-1"));
        Parse(parser, Chunk("b", "null", "qwen3-max", "chatcmpl-1"));
        Assert.Equal(("b", null, 1), (parser.Content, parser.FinishReason, parser.FramesReplayed));

        Parse(parser, Chunk("c", "null", "qwen3-max", "chatcmpl-1", finish: "\"stop\""));
        Assert.Equal(("c", "stop", 1), (parser.Content, parser.FinishReason, parser.FramesReplayed));

        Parse(parser, Chunk("d", "null", "qwen3-max", "chatcmpl-1", finish: "\"stop\""));
        Assert.Equal(("d", "stop", 2), (parser.Content, parser.FinishReason, parser.FramesReplayed));

        Parse(parser, Chunk("e", "null", "qwen3-max", "chatcmpl-1"));
        Assert.Equal(("e", null, 2), (parser.Content, parser.FinishReason, parser.FramesReplayed));
    }

    [Fact]
    public void ParseEvent_ChunkOfAnotherLayoutBetween_ForgetsTheKeptRest()
    {
        var parser = new ChunkParser();
        Parse(parser, Chunk("a", "null", "qwen3-max", "chatcmpl-1"));

        // Finish reason first (Qwen's finish chunk): parsed in full, and it changes id and model.
        Parse(parser, """{"choices":[{"finish_reason":"stop","delta":{},"index":0}],"model":"qwen-plus","id":"chatcmpl-2"}""");
        Assert.Equal(("stop", "chatcmpl-2", "qwen-plus"), (parser.FinishReason, parser.Id, parser.Model));

        // The same bytes after the delta as the first chunk: they must be read again, not replayed.
        Parse(parser, Chunk("b", "null", "qwen3-max", "chatcmpl-1"));
        Assert.Equal(("b", "chatcmpl-1", "qwen3-max", false), State(parser));
        Assert.Null(parser.FinishReason);
        Assert.Equal(0, parser.FramesReplayed);
    }

    [Theory]
    [InlineData("""{"choices":[{"delta":{"content":"%"},"index":1}],"id":"chatcmpl-1"}""", null)]
    [InlineData("""{"choices":[{"delta":{"content":"%"},"index":0},{"delta":{"content":"other"},"index":1}],"id":"chatcmpl-1"}""", "%")]
    [InlineData("""{"choices":[{"delta":{"content":"%"},"message":{"content":"late"},"index":0}],"id":"chatcmpl-1"}""", "late")]
    public void ParseEvent_RestThatDoesMoreThanTheKeptResults_IsNeverReplayed(string layout, string? expected)
    {
        var parser = new ChunkParser();

        for (int i = 0; i < 3; i++)
        {
            string text = "t" + i;
            Parse(parser, layout.Replace("%", text, StringComparison.Ordinal));
            Assert.Equal(expected?.Replace("%", text, StringComparison.Ordinal), parser.Content);
        }

        Assert.Equal(0, parser.FramesReplayed);
    }

    [Fact]
    public void ParseEvent_RandomStreams_SameStateAsAFreshParserOnEveryChunk()
    {
        // A fresh parser keeps nothing between chunks, so it parses every chunk in full: the reference. One parser
        // reads a long random stream (few distinct rests, so they repeat often) and must agree with it on every chunk.
        var random = new Random(20261126);
        var parser = new ChunkParser();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] chunk = Encoding.UTF8.GetBytes(RandomChunk(random, i));
            var reference = new ChunkParser();

            ChunkKind expectedKind = reference.ParseEvent("message", chunk);
            ChunkKind kind = parser.ParseEvent("message", chunk);

            string because = Encoding.UTF8.GetString(chunk);
            Assert.True(expectedKind == kind, because);
            if (kind == ChunkKind.Chunk)
            {
                Assert.True(Snapshot(reference) == Snapshot(parser), because + "\n" + Snapshot(reference) + "\n" + Snapshot(parser));
            }
        }

        Assert.InRange(parser.FramesReplayed, 5_000, 20_000);
    }

    private static string RandomChunk(Random random, int i)
    {
        if (random.Next(100) == 0)
        {
            return """{"error":{"message":"Input data may contain inappropriate content.","code":"data_inspection_failed"}}""";
        }

        string delta = random.Next(10) switch
        {
            0 => $$"""{"content":null,"reasoning_content":"r{{i}}"}""",
            1 => $$$"""{"tool_calls":[{"index":{{{random.Next(2)}}},"id":"{{{(random.Next(2) == 0 ? "" : "call_1")}}}","type":"function","function":{"name":"f","arguments":"a{{{i}}}"}}]}""",
            2 => """{}""",
            3 => $$"""{"content":"c{{i}}","role":"assistant"}""",
            _ => $$"""{"content":"c{{i}}"}""",
        };
        string finish = random.Next(8) == 0 ? "\"stop\"" : "null";
        string index = random.Next(30) == 0 ? "1" : "0";
        string choice = random.Next(20) switch
        {
            0 => $$"""{"finish_reason":{{finish}},"delta":{{delta}},"index":{{index}},"logprobs":null}""",
            1 => $$"""{"index":{{index}},"delta":{{delta}},"finish_reason":{{finish}}}""",
            _ => $$"""{"delta":{{delta}},"finish_reason":{{finish}},"index":{{index}},"logprobs":null}""",
        };
        string choices = random.Next(40) switch
        {
            0 => "[]",
            1 => $$"""[{{choice}},{"delta":{"content":"other"},"index":1}]""",
            _ => $$"""[{{choice}}]""",
        };
        string usage = random.Next(10) == 0 ? Usage : random.Next(20) == 0 ? """{"prompt_tokens":3,"total_tokens":9}""" : "null";
        string tail = $$""","object":"chat.completion.chunk","usage":{{usage}},"created":{{1770764906 + (random.Next(20) == 0 ? 1 : 0)}},"model":"{{(random.Next(15) == 0 ? "qwen-plus" : "qwen3-max")}}","id":"chatcmpl-{{(random.Next(20) == 0 ? 2 : 1)}}"}""";
        return random.Next(25) == 0
            ? $$"""{"id":"chatcmpl-{{random.Next(2)}}","choices":{{choices}}{{tail}}"""
            : $$"""{"choices":{{choices}}{{tail}}""";
    }

    private static string Snapshot(ChunkParser p) =>
        $"{p.Content}|{p.Reasoning}|{p.FinishReason}|{p.Id}|{p.Model}|{p.Created}|{p.HasUsage}|"
        + (p.HasUsage ? $"{p.Usage.PromptTokens},{p.Usage.CompletionTokens},{p.Usage.TotalTokens},{p.Usage.CachedTokens},{p.Usage.ReasoningTokens}" : string.Empty) + "|"
        + string.Join(";", p.ToolCalls.Select(c => $"{c.Index},{c.Id},{c.Name},{c.Arguments}"));

    private static string Chunk(string text, string usage, string model, string id, string finish = "null") =>
        $$"""{"choices":[{"delta":{"content":"{{text}}"},"finish_reason":{{finish}},"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":{{usage}},"created":1770764906,"system_fingerprint":null,"model":"{{model}}","id":"{{id}}"}""";

    private static ChunkKind Parse(ChunkParser parser, string json) => parser.ParseEvent("message", Encoding.UTF8.GetBytes(json));

    private static (string? Content, string? Id, string? Model, bool HasUsage) State(ChunkParser parser) =>
        (parser.Content, parser.Id, parser.Model, parser.HasUsage);
}
