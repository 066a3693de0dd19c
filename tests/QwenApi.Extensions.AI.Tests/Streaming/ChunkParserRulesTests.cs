using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>Lenient where the meaning is clear, never silent: each rule of the stream parser, through the real SSE path.</summary>
public sealed class ChunkParserRulesTests
{
    private const string Tail = ""","object":"chat.completion.chunk","usage":null,"created":1770764906,"model":"qwen3-max","id":"chatcmpl-1"}""";

    private static string Choice(string delta, string rest = ""","finish_reason":null,"index":0""") => $$"""{"choices":[{"delta":{{delta}}{{rest}}}]{{Tail}}""";

    private static string Finish(string reason = "stop") => Choice("{}", $$""","finish_reason":"{{reason}}","index":0""");

    [Fact]
    public void ParseEvent_NullElementBeforeChoice_ReadsTheChoice()
    {
        string chunk = """{"choices":[null,{"delta":{"content":"kept"},"index":0}]""" + Tail;

        SseReplay.Result result = SseReplay.Run(SseReplay.Body(chunk, Finish()));

        Assert.Equal("kept", result.Updates.ToChatResponse().Text);
    }

    [Fact]
    public void ParseEvent_NonObjectToolCallElements_SkippedAndTheRestAssembled()
    {
        string chunk = Choice("""{"tool_calls":[null,7,"x",{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}""");

        SseReplay.Result result = SseReplay.Run(SseReplay.Body(chunk, Finish("tool_calls")));

        FunctionCallContent call = Assert.Single(result.Updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "f"), (call.CallId, call.Name));
    }

    [Fact]
    public void ParseEvent_ErrorNull_IsAChunkNotAnError()
    {
        var parser = new ChunkParser();

        ChunkKind kind = Parse(parser, """{"choices":[{"delta":{"content":"a"},"index":0}],"error":null,"id":"chatcmpl-1"}""");

        Assert.Equal((ChunkKind.Chunk, "a"), (kind, parser.Content));
    }

    [Theory]
    [InlineData("""{"error":{"message":"late","code":"data_inspection_failed"}}""")]
    [InlineData("x")]
    [InlineData("{}")]
    public void ParseEvent_BytesAfterRootObject_ThrowsJsonException(string after)
    {
        var parser = new ChunkParser();
        string good = Choice("""{"content":"a"}""");
        Parse(parser, good);
        Parse(parser, good); // The frame is kept and used: the junk must still be seen.

        JsonException error = Assert.Throws<JsonException>(() => Parse(parser, good + after));

        Assert.Contains("after its root object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEvent_TrailingWhiteSpace_IsFine()
    {
        Assert.Equal(ChunkKind.Chunk, Parse(new ChunkParser(), Choice("""{"content":"a"}""") + " \r\n\t"));
    }

    [Theory]
    [InlineData("""{"location": "Paris", "days": [1, 2]}""", """{"location":"Paris","days":[1,2]}""")]
    [InlineData("""[ 1, {"a" : "b c"} ]""", """[1,{"a":"b c"}]""")]
    [InlineData("""{"q":"x \" y"}""", """{"q":"x \" y"}""")]
    public void ParseEvent_ArgumentsSentAsJson_KeptAsCompactText(string arguments, string expected)
    {
        var parser = new ChunkParser();

        Parse(parser, Choice($$$"""{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":{{{arguments}}}}}]}"""));

        Assert.Equal(expected, Assert.Single(parser.ToolCalls).Arguments);
    }

    [Fact]
    public void Build_FragmentsOfIndexesZeroOneZero_TwoCallsInIndexOrderAtFinish()
    {
        string body = SseReplay.Body(
            Choice("""{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"b","arguments":"{\"y\""}}]}"""),
            Choice("""{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{\"x\":1}"}}]}"""),
            Choice("""{"tool_calls":[{"index":1,"id":"","function":{"arguments":":2}"}}]}"""),
            Finish("tool_calls"));

        SseReplay.Result result = SseReplay.Run(body);

        ChatResponseUpdate last = Assert.Single(result.Updates);
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        FunctionCallContent[] calls = last.Contents.OfType<FunctionCallContent>().ToArray();
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("2", calls[1].Arguments!["y"]!.ToString());
    }

    [Theory]
    [InlineData("0.0")]
    [InlineData("0e5")]
    [InlineData("-0")]
    public void ParseEvent_IntegralIndexWrittenAsReal_Accepted(string index)
    {
        var parser = new ChunkParser();

        Parse(parser, Choice($$$"""{"content":"a","tool_calls":[{"index":{{{index}}},"id":"c","function":{"name":"f"}}]}""", $$""","index":{{index}}"""));

        Assert.Equal(("a", 0), (parser.Content, Assert.Single(parser.ToolCalls).Index));
    }

    [Theory]
    [InlineData("0.5", "choices[].index")]
    [InlineData("2147483648", "choices[].index")]
    [InlineData("1e300", "choices[].index")]
    [InlineData("\"0\"", "choices[].index")]
    public void ParseEvent_IndexNotAnInt32_ThrowsJsonExceptionNamingField(string index, string field)
    {
        JsonException error = Assert.Throws<JsonException>(() => Parse(new ChunkParser(), Choice("""{"content":"a"}""", $$""","index":{{index}}""")));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEvent_ToolCallIndexBeyondInt32_ThrowsJsonExceptionNamingField()
    {
        JsonException error = Assert.Throws<JsonException>(() =>
            Parse(new ChunkParser(), Choice("""{"tool_calls":[{"index":-2147483649,"function":{"name":"f"}}]}""")));

        Assert.Contains("'choices[].delta.tool_calls[].index'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"content":5}""", "choices[].delta.content")]
    [InlineData("""{"reasoning_content":[]}""", "choices[].delta.reasoning_content")]
    [InlineData("""{"tool_calls":{}}""", "choices[].delta.tool_calls")]
    [InlineData("""{"tool_calls":[{"function":{"arguments":true}}]}""", "choices[].delta.tool_calls[].function.arguments")]
    [InlineData("\"text\"", "choices[].delta")]
    public void ParseEvent_WrongType_ThrowsJsonExceptionNamingField(string delta, string field)
    {
        JsonException error = Assert.Throws<JsonException>(() => Parse(new ChunkParser(), Choice(delta)));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("content", "choices[].delta.content")]
    [InlineData("reasoning_content", "choices[].delta.reasoning_content")]
    public void ParseEvent_InvalidUtf8InText_ThrowsJsonExceptionNamingField(string name, string field)
    {
        byte[] chunk = Encoding.UTF8.GetBytes(Choice($$"""{"{{name}}":"a#b"}"""));
        chunk[Array.IndexOf(chunk, (byte)'#')] = 0xFF;

        JsonException error = Assert.Throws<JsonException>(() => new ChunkParser().ParseEvent("message", chunk));

        Assert.Contains($"'{field}' is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEvent_InvalidUtf8InId_ThrowsJsonExceptionNamingField()
    {
        byte[] chunk = Encoding.UTF8.GetBytes(Choice("""{"content":"a"}""").Replace("chatcmpl-1", "chatcmpl-#", StringComparison.Ordinal));
        chunk[Array.IndexOf(chunk, (byte)'#')] = 0xC3; // A lead byte with no continuation.

        JsonException error = Assert.Throws<JsonException>(() => new ChunkParser().ParseEvent("message", chunk));

        Assert.Contains("'id' is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    private static ChunkKind Parse(ChunkParser parser, string json) => parser.ParseEvent("message", Encoding.UTF8.GetBytes(json));
}
