using System.Text;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>The parser skips a tail that repeats the previous chunk's bytes; every change in the tail must still be seen.</summary>
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
        Assert.Equal(31, parser.TotalTokens);

        // The same usage tail again: skipped, and usage is still reported for this chunk.
        Assert.Equal(ChunkKind.Chunk, Parse(parser, Chunk("e", Usage, "qwen-plus", "chatcmpl-2")));
        Assert.Equal(("e", "chatcmpl-2", "qwen-plus", true), State(parser));
        Assert.Equal(31, parser.TotalTokens);

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

    private static string Chunk(string text, string usage, string model, string id) =>
        $$"""{"choices":[{"delta":{"content":"{{text}}"},"finish_reason":null,"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":{{usage}},"created":1770764906,"system_fingerprint":null,"model":"{{model}}","id":"{{id}}"}""";

    private static ChunkKind Parse(ChunkParser parser, string json) => parser.ParseEvent("message", Encoding.UTF8.GetBytes(json));

    private static (string? Content, string? Id, string? Model, bool HasUsage) State(ChunkParser parser) =>
        (parser.Content, parser.Id, parser.Model, parser.HasUsage);
}
