using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>The unary reader (<see cref="ChatResponseParser"/>) follows the stream parser's rules, so both paths give the same answer or the same kind of error.</summary>
public sealed class UnaryParityTests
{
    private const string Meta = ""","id":"chatcmpl-u","object":"chat.completion","created":1770764857,"model":"qwen-plus"}""";

    private static ChatResponse Unary(string json) => ChatResponseParser.Parse(JsonDocument.Parse(json).RootElement);

    private static ChatResponse Unary(byte[] json) => ChatResponseParser.Parse(JsonDocument.Parse(json).RootElement);

    private static string Body(string message, string choiceRest = ""","index":0,"finish_reason":"stop" """) =>
        $$"""{"choices":[{"message":{{message}}{{choiceRest}}}]{{Meta}}""";

    [Fact]
    public void Parse_NullElementBeforeChoice_ReadsTheChoice()
    {
        ChatResponse response = Unary("""{"choices":[null,{"index":0,"message":{"content":"kept"},"finish_reason":"stop"}]""" + Meta);

        Assert.Equal(("kept", ChatFinishReason.Stop), (response.Text, response.FinishReason));
    }

    [Fact]
    public void Parse_NonObjectToolCallsAndInterleavedIndexes_OneCallPerIndex()
    {
        ChatResponse response = Unary(Body("""{"content":"","tool_calls":[null,{"index":0,"id":"call_a","function":{"name":"a","arguments":"{\"x\":"}},{"index":1,"id":"call_b","function":{"name":"b","arguments":"{}"}},{"index":0,"id":"","function":{"arguments":"1}"}}]}"""));

        FunctionCallContent[] calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToArray();
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("1", calls[0].Arguments!["x"]!.ToString());
    }

    [Fact]
    public void Parse_ErrorNull_IsACompletionAsInAStream()
    {
        JsonElement root = JsonDocument.Parse("""{"error":null,"choices":[{"index":0,"message":{"content":"a"}}]}""").RootElement;

        Assert.False(ChatResponseParser.IsErrorDocument(root));
        Assert.Equal("a", ChatResponseParser.Parse(root).Text);
        Assert.Equal(ChunkKind.Chunk, new ChunkParser().ParseEvent("message", """{"error":null,"choices":[{"index":0,"delta":{"content":"a"}}]}"""u8));
    }

    [Fact]
    public void Parse_ArgumentsSentAsJson_SameCallAsTheStream()
    {
        const string Arguments = """{"location": "Paris", "days": [1, 2]}""";
        ChatResponse unary = Unary(Body("""{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":""" + Arguments + "}}]}"));
        string chunk = """{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":""" + Arguments + """}}]},"index":0,"finish_reason":"tool_calls"}],"id":"chatcmpl-u"}""";
        ChatResponse streamed = SseReplay.Run(SseReplay.Body(chunk)).Updates.ToChatResponse();

        FunctionCallContent fromUnary = unary.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        FunctionCallContent fromStream = streamed.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        Assert.Null(fromUnary.Exception);
        Assert.Equal(JsonSerializer.Serialize(fromUnary.Arguments), JsonSerializer.Serialize(fromStream.Arguments));
        Assert.Equal("Paris", fromUnary.Arguments!["location"]!.ToString());
    }

    [Theory]
    [InlineData("0.0", null)]
    [InlineData("1e0", null)]
    [InlineData("0.5", "'choices[].index'")]
    [InlineData("4294967296", "'choices[].index'")]
    [InlineData("\"0\"", "'choices[].index'")]
    public void Parse_ChoiceIndex_IntegralAcceptedOthersThrowNamingField(string index, string? field)
    {
        string json = """{"choices":[{"index":""" + index + ""","message":{"content":"a"}}]}""";
        if (field is null)
        {
            Assert.Equal(index == "0.0" ? "a" : string.Empty, Unary(json).Text);
            return;
        }

        JsonException error = Assert.Throws<JsonException>(() => Unary(json));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8InContent_ThrowsJsonExceptionNamingField()
    {
        byte[] json = Encoding.UTF8.GetBytes(Body("""{"content":"a#b"}"""));
        json[Array.IndexOf(json, (byte)'#')] = 0xFE;

        JsonException error = Assert.Throws<JsonException>(() => Unary(json));

        Assert.Contains("'choices[].message.content' is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogateInContent_ThrowsJsonExceptionNamingField()
    {
        JsonException error = Assert.Throws<JsonException>(() => Unary(Body("""{"content":"a\ud83d"}""")));

        Assert.Contains("'choices[].message.content' holds a lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"content":{"text":"a"}}""", "'choices[].message.content'")]
    [InlineData("""{"tool_calls":{}}""", "'choices[].message.tool_calls'")]
    [InlineData("""{"tool_calls":[{"function":{"arguments":3}}]}""", "'choices[].message.tool_calls[].function.arguments'")]
    public void Parse_WrongType_ThrowsJsonExceptionNamingField(string message, string field)
    {
        JsonException error = Assert.Throws<JsonException>(() => Unary(Body(message)));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UsageTokensWrittenAsReals_ReadAsIntegers()
    {
        ChatResponse response = Unary("""{"choices":[],"usage":{"prompt_tokens":3.0,"completion_tokens":4,"total_tokens":7e0}}""");

        Assert.Equal((3L, 4L, 7L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));
    }
}
