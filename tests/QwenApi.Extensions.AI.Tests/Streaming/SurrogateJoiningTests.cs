using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>A surrogate pair cut across two deltas (servers that cut text by UTF-16 units) is joined; a lone half is an error.</summary>
public sealed class SurrogateJoiningTests
{
    private const string Tail = ""","object":"chat.completion.chunk","usage":null,"created":1770764906,"model":"qwen3-max","id":"chatcmpl-1"}""";

    private static string Delta(string delta, string finish = "null") => $$"""{"choices":[{"delta":{{delta}},"finish_reason":{{finish}},"index":0}]{{Tail}}""";

    [Theory]
    [InlineData("content")]
    [InlineData("reasoning_content")]
    public void Stream_PairSplitAcrossDeltas_JoinedIntoOneCharacter(string field)
    {
        string body = SseReplay.Body(
            Delta($$"""{"{{field}}":"smile \ud83d"}"""),
            Delta($$"""{"{{field}}":"\ude00!"}"""),
            Delta("{}", "\"stop\""));

        SseReplay.Result result = SseReplay.Run(body);

        string text = string.Concat(result.Updates.SelectMany(u => u.Contents).Select(c => c switch
        {
            TextContent t => t.Text,
            TextReasoningContent r => r.Text,
            _ => string.Empty,
        }));
        Assert.Equal("smile 😀!", text);
        Assert.All(result.Updates.SelectMany(u => u.Contents).OfType<TextContent>(), t => Assert.False(char.IsSurrogate(t.Text[^1]) && !char.IsLowSurrogate(t.Text[^1])));
    }

    [Fact]
    public void Stream_HalvesSeparatedByEmptyAndOtherKindPieces_StillJoined()
    {
        string body = SseReplay.Body(
            Delta("""{"content":"\ud83d"}"""),
            Delta("""{"content":"","reasoning_content":"thinking"}"""),
            Delta("""{"content":null}"""),
            Delta("""{"content":"\ude00"}"""),
            Delta("{}", "\"stop\""));

        Assert.Equal("😀", SseReplay.Run(body).Updates.ToChatResponse().Text);
    }

    [Fact]
    public void Stream_HighHalfThenTextWithoutLowHalf_ThrowsJsonException()
    {
        string body = SseReplay.Body(Delta("""{"content":"\ud83d"}"""), Delta("""{"content":"abc"}"""));

        JsonException error = Assert.Throws<JsonException>(() => SseReplay.Run(body));

        Assert.Contains("'choices[].delta.content' holds a lone UTF-16 surrogate (\\ud83d)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"content":"\ud83d"}""", "{}", "\"stop\"")] // The finish reason arrives with the half still held.
    [InlineData("""{"content":"\ud83d"}""", """{"content":""}""", "null")] // [DONE] arrives with the half still held.
    [InlineData("""{"content":"\ude00"}""", "{}", "\"stop\"")] // A low half with nothing before it.
    [InlineData("""{"content":"a\ud83db"}""", "{}", "\"stop\"")] // A lone half inside a piece.
    [InlineData("""{"reasoning_content":"\udfff\udfff"}""", "{}", "\"stop\"")]
    public void Stream_LoneHalf_ThrowsJsonException(string first, string second, string finish)
    {
        string body = SseReplay.Body(Delta(first), Delta(second, finish));

        JsonException error = Assert.Throws<JsonException>(() => SseReplay.Run(body));

        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_HalfHeldWhenBodyEndsAfterFinish_ThrowsJsonExceptionFromComplete()
    {
        var parser = new ChunkParser();
        var builder = new StreamingUpdateBuilder();
        parser.ParseEvent("message", System.Text.Encoding.UTF8.GetBytes(Delta("{}", "\"stop\"")));
        builder.Build(parser);
        parser.ParseEvent("message", System.Text.Encoding.UTF8.GetBytes(Delta("""{"content":"\ud83d"}""")));
        builder.Build(parser);

        Assert.Throws<JsonException>(() => builder.Complete(parser));
    }

    [Fact]
    public void Stream_LoneSurrogateInId_ThrowsJsonExceptionNamingField()
    {
        string chunk = Delta("""{"content":"a"}""").Replace("chatcmpl-1", "chatcmpl-\\ud800", StringComparison.Ordinal);

        JsonException error = Assert.Throws<JsonException>(() => SseReplay.Run(SseReplay.Body(chunk)));

        Assert.Contains("'id' holds a lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }
}
