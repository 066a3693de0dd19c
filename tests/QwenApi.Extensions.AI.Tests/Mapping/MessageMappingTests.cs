using System.Text.Json;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Mapping;

/// <summary>Exact <c>messages</c> arrays for every role and content kind; unsupported content is refused, never dropped.</summary>
public sealed class MessageMappingTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private async Task<string> Messages(params ChatMessage[] messages)
    {
        JsonElement body = await RecordedBody.CaptureAsync(_simulator, messages, null);
        return body.GetProperty("messages").GetRawText();
    }

    [Fact]
    public async Task Write_RolesAndAuthorName_MapToWireRoles()
    {
        string messages = await Messages(
            new ChatMessage(ChatRole.System, "sys"),
            new ChatMessage(new ChatRole("developer"), "dev"),
            new ChatMessage(ChatRole.User, "hello") { AuthorName = "ann" },
            new ChatMessage(ChatRole.Assistant, "hi there"));

        Assert.Equal(
            """[{"role":"system","content":"sys"},{"role":"system","content":"dev"},{"role":"user","name":"ann","content":"hello"},{"role":"assistant","content":"hi there"}]""",
            messages);
    }

    [Fact]
    public async Task Write_UnknownRole_ThrowsBeforeSending()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetResponseAsync([new ChatMessage(new ChatRole("critic"), "x")]));

        Assert.Contains("\"critic\"", error.Message);
        Assert.Contains("messages[0]", error.Message);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Write_ImagesFromDataAndUri_BecomeImageUrlParts()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is this?"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
        ]);

        string messages = await Messages(message);

        Assert.Equal(
            """[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]""",
            messages);
    }

    [Fact]
    public async Task Write_ContentWithNoQwenRepresentation_IsSkippedAndLoggedAtDebug()
    {
        // A conversation carried over from another provider: audio, a file, an error, a hosted tool's content, reasoning in
        // a user message, an image in a system message. Each is skipped (as the reference client does) and logged.
        var logs = new LogCapture();
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.LoggerFactory = logs.CreateFactory());
        ChatMessage[] history =
        [
            new(ChatRole.System, [new TextContent("be brief"), new UriContent("https://example.com/a.png", "image/png")]),
            new(ChatRole.User, [new TextContent("listen"), new DataContent(new byte[] { 1 }, "audio/wav"), new TextReasoningContent("hmm")]),
            new(ChatRole.Assistant, [new ErrorContent("the other provider failed")]),
            new(ChatRole.User, [new DataContent(new byte[] { 1 }, "application/pdf")]),
            new(ChatRole.Assistant, [new TextContent("ok"), new CodeInterpreterToolCallContent("ci_1")]),
            new(ChatRole.User, "and now?"),
        ];

        ChatResponse answer = await client.GetResponseAsync(history);

        Assert.Equal(ChatCalls.AnswerTo("and now?"), answer.Text);
        Assert.Equal(
            """[{"role":"system","content":"be brief"},{"role":"user","content":"listen"},{"role":"assistant","content":"ok"},{"role":"user","content":"and now?"}]""",
            RecordedBody.LastJson(_simulator).GetProperty("messages").GetRawText());
        // Index, role and content type of each skip; a message left empty is skipped whole (no content type).
        Assert.Equal(
            ["0 system UriContent", "1 user DataContent", "1 user TextReasoningContent", "2 assistant ErrorContent", "2 assistant", "3 user DataContent", "3 user", "4 assistant CodeInterpreterToolCallContent"],
            logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug).Select(l => string.Join(' ', l.State.Where(p => p.Key != "{OriginalFormat}").Select(p => p.Value))));
    }

    [Fact]
    public async Task Write_ToolCallHistory_CarriesReasoningCallsAndResults()
    {
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("I should check the weather."),
            new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["location"] = "Paris", ["days"] = 2 }),
            new FunctionCallContent("call_2", "get_time", null),
        ]);
        var tool = new ChatMessage(ChatRole.Tool,
        [
            new FunctionResultContent("call_1", "sunny"),
            new FunctionResultContent("call_2", new Dictionary<string, object?> { ["hour"] = 9 }),
        ]);

        string messages = await Messages(new ChatMessage(ChatRole.User, "weather?"), assistant, tool);

        Assert.Equal(
            """[{"role":"user","content":"weather?"},{"role":"assistant","content":"","reasoning_content":"I should check the weather.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\",\"days\":2}"}},{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":"sunny"},{"role":"tool","tool_call_id":"call_2","content":"{\"hour\":9}"}]""",
            messages);
    }

    [Fact]
    public async Task Write_NonAsciiText_SentAsUtf8NotEscaped()
    {
        _ = await Messages(new ChatMessage(ChatRole.User, "你好，通义千问 🍓"));

        Assert.Contains("\"content\":\"你好，通义千问 ", _simulator.Requests[^1].Body, StringComparison.Ordinal);
        Assert.Equal("你好，通义千问 🍓", RecordedBody.LastJson(_simulator).GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Write_InformationalOnlyCallWithResult_IsStillSent()
    {
        var assistant = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_9", "f") { InformationalOnly = true }]);
        var tool = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_9", "done")]);

        string messages = await Messages(new ChatMessage(ChatRole.User, "go"), assistant, tool);

        Assert.Contains("\"tool_calls\":[{\"id\":\"call_9\"", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_FunctionResultWithoutCallId_ThrowsArgumentException()
    {
        using QwenChatClient client = TestClients.Create(_simulator);
        var tool = new ChatMessage(ChatRole.Tool, [new FunctionResultContent(string.Empty, "x")]);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([tool]));

        Assert.Contains("CallId", error.Message);
    }

    [Fact]
    public async Task Write_NullMessageInList_ThrowsNamingIndex()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "a"), null!]));

        Assert.Contains("messages[1]", error.Message);
    }

    [Fact]
    public async Task Write_NoMessagesAndNoInstructions_ThrowsArgumentException()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Array.Empty<ChatMessage>()));
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Write_MultipleTextParts_SentAsPartsArray()
    {
        string messages = await Messages(new ChatMessage(ChatRole.User, [new TextContent("a"), new TextContent("b")]));

        Assert.Equal("""[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]""", messages);
    }

    [Fact]
    public void GetStreamingResponseAsync_BadInput_ThrowsAtCallSite()
    {
        using var client = new QwenChatClient("test-key", "qwen-plus");

        Assert.Throws<ArgumentNullException>(() => client.GetStreamingResponseAsync((IEnumerable<ChatMessage>)null!));
        Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync([new ChatMessage(new ChatRole("critic"), "x")]));
        Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync([new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(string.Empty, "f")])]));
    }

    [Fact]
    public void GetResponseAsync_NoModelAnywhere_ThrowsNamingBothSettings()
    {
        using var client = new QwenChatClient("test-key");

        ArgumentException error = Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync("hi"));

        Assert.Contains("ChatOptions.ModelId", error.Message);
        Assert.Contains("QwenClientOptions.ModelId", error.Message);
    }
}
