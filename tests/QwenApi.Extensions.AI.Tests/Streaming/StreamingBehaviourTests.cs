using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>Qwen's tool-call stream quirks, finish reasons, in-band errors and cut streams.</summary>
public sealed class StreamingBehaviourTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private async Task<List<ChatResponseUpdate>> Stream(string body)
    {
        _simulator.Enqueue(Sse.Response(body));
        using QwenChatClient client = TestClients.Create(_simulator);
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task Stream_TextThenTwoCallsWithQwenQuirks_EmitsCallsTogetherWithFinishReason()
    {
        string body = Sse.BodyWithDone(
            Sse.Delta("""{"role":"assistant","content":""}"""),
            Sse.Delta("""{"content":"Let me check."}"""),
            Sse.Delta("""{"content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]}"""),
            Sse.Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"{\"location\": \"Par"}}]}"""),
            Sse.Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"is\"}"}}]}"""),
            Sse.Delta("""{"tool_calls":[{"function":{},"index":0,"id":"","type":"function"}]}"""),
            Sse.Delta("""{"content":null,"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]}"""),
            Sse.Delta("""{"tool_calls":[{"function":{"arguments":""},"index":1,"id":"","type":"function"}]}"""),
            Sse.Delta("{}", "tool_calls"),
            Sse.Usage(10, 5));

        List<ChatResponseUpdate> updates = await Stream(body);

        // Calls come out with the finish reason, not when the next index starts: indexes may interleave (0, 1, 0), so
        // no call is known to be complete before the choice is.
        Assert.Equal("Let me check.", updates[0].Text);
        FunctionCallContent[] calls = updates[1].Contents.OfType<FunctionCallContent>().ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(("call_a", "weather", "Paris"), (calls[0].CallId, calls[0].Name, calls[0].Arguments!["location"]!.ToString()));
        Assert.Equal(("call_b", "time", 0), (calls[1].CallId, calls[1].Name, calls[1].Arguments!.Count));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[1].FinishReason);
        Assert.Equal(15, Assert.IsType<UsageContent>(Assert.Single(updates[2].Contents)).Details.TotalTokenCount);
        Assert.Equal(3, updates.Count);

        ChatResponse response = updates.ToChatResponse();
        Assert.Equal(2, response.Messages.Single().Contents.OfType<FunctionCallContent>().Count());
        Assert.Equal(15, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Stream_FragmentsOfTwoIndexesInterleave_OneCallPerIndex()
    {
        List<ChatResponseUpdate> updates = await Stream(Sse.BodyWithDone(
            Sse.Delta("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{\"x\":"}}]}"""),
            Sse.Delta("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"b","arguments":"{\"y\":2}"}}]}"""),
            Sse.Delta("""{"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"1}"}}]}"""),
            Sse.Delta("{}", "tool_calls")));

        FunctionCallContent[] calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToArray();
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("1", calls[0].Arguments!["x"]!.ToString());
        Assert.Equal("2", calls[1].Arguments!["y"]!.ToString());
    }

    [Fact]
    public async Task Stream_CallsThenCutBeforeFinish_ThrowsServerErrorWithoutHalfCalls()
    {
        // Calls wait for the finish reason, so a stream cut after its fragments hands out no call that might be
        // incomplete; nothing reached the caller, so it is a server failure (retried when retries are on).
        string prefix = Sse.Body(
            Sse.Delta("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}}]}"""),
            Sse.Delta("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}}]}"""));
        _simulator.Enqueue(SimulatorResponse.Replay(prefix, "text/event-stream"));
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.MaxRetries = 0);

        await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();

        QwenServerException error = await Assert.ThrowsAsync<QwenServerException>(async () => await updates.MoveNextAsync());
        Assert.StartsWith("The stream ended before any update, without [DONE] and without a finish reason.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_InvalidArgumentsJson_SetsExceptionOnCall()
    {
        List<ChatResponseUpdate> updates = await Stream(Sse.BodyWithDone(
            Sse.Delta("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{not json"}}]}"""),
            Sse.Delta("{}", "tool_calls")));

        FunctionCallContent call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
        Assert.Equal("call_a", call.CallId);
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("insufficient_system_resource", "insufficient_system_resource")]
    [InlineData("null_reason_x", "null_reason_x")]
    public async Task Stream_AnyFinishReason_IsKeptNeverThrown(string wire, string expected)
    {
        List<ChatResponseUpdate> updates = await Stream(Sse.BodyWithDone(Sse.Delta("""{"content":"a"}"""), Sse.Delta("{}", wire)));

        Assert.Equal(expected, updates[^1].FinishReason?.Value);
    }

    [Fact]
    public async Task Stream_InBandErrorAfterOutput_ThrowsTypedErrorAfterDeliveredTokens()
    {
        string body = Sse.Body(
            Sse.Delta("""{"content":"partial "}"""),
            """{"error":{"message":"Output data may contain inappropriate content.","type":"data_inspection_failed","param":null,"code":"data_inspection_failed"},"request_id":"req-9"}""");
        _simulator.Enqueue(Sse.Response(body));
        using QwenChatClient client = TestClients.Create(_simulator);
        List<string> seen = [];

        QwenBadRequestException error = await Assert.ThrowsAsync<QwenBadRequestException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal(["partial "], seen);
        Assert.True(error.IsContentFiltered);
        Assert.Equal("data_inspection_failed", error.ErrorCode);
        Assert.Equal("sim-req-1", error.RequestId);
        Assert.Single(_simulator.Requests);
    }

    [Fact]
    public async Task Stream_EndsWithoutDoneOrFinish_ThrowsInterrupted()
    {
        _simulator.Enqueue(Sse.Response(Sse.Body(Sse.Delta("""{"content":"a"}"""), Sse.Delta("""{"content":"b"}"""))));
        using QwenChatClient client = TestClients.Create(_simulator);
        List<string> seen = [];

        QwenStreamInterruptedException error = await Assert.ThrowsAsync<QwenStreamInterruptedException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal(["a", "b"], seen);
        Assert.Equal(2, error.UpdatesReceived);
    }

    [Fact]
    public async Task Stream_FinishWithoutDone_CompletesNormally()
    {
        List<ChatResponseUpdate> updates = await Stream(Sse.Body(Sse.Delta("""{"content":"a"}"""), Sse.Delta("{}", "stop")));

        Assert.Equal("a", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Stream_SimulatorThinking_ReasoningApartFromAnswer()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        ChatResponse response = await client.GetStreamingResponseAsync("Count the r's", new QwenChatOptions { EnableThinking = true }).ToChatResponseAsync();

        ChatMessage message = response.Messages.Single();
        Assert.Equal("Thinking about: Count the r's", Assert.IsType<TextReasoningContent>(message.Contents[0]).Text);
        Assert.Equal("Simulated answer to: Count the r's", response.Text);
        Assert.NotNull(response.Usage?.ReasoningTokenCount);
        Assert.Equal(response.Usage!.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Unary_UnknownFinishReasonAndInvalidArguments_MappedWithoutThrowing()
    {
        const string body = """{"id":"chatcmpl-u","object":"chat.completion","created":1770764857,"model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_x","type":"function","function":{"name":"f","arguments":"[1,2"}}]},"finish_reason":"brand_new_reason"}]}""";
        _simulator.Enqueue(SimulatorResponse.Replay(body, "application/json"));
        using QwenChatClient client = TestClients.Create(_simulator);

        ChatResponse response = await client.GetResponseAsync("hi");

        Assert.Equal(new ChatFinishReason("brand_new_reason"), response.FinishReason);
        Assert.NotNull(Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>()).Exception);
        Assert.Null(response.Usage);
    }

    [Theory]
    [MemberData(nameof(RecordedResponses))]
    public async Task Stream_GatewayAnswersWithOneJsonDocument_YieldsSameResultAsUnary(string payload)
    {
        // A proxy that ignores stream:true and sends the whole completion as JSON must not look like a cut stream.
        _simulator.Enqueue(SimulatorResponse.ReplayFile(CorpusFiles.PathOf(payload)));
        using QwenChatClient client = TestClients.Create(_simulator);

        ChatResponse streamed = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        ExpectedResult.Load(payload).AssertMatches(streamed);
    }

    public static TheoryData<string> RecordedResponses => CorpusFiles.ResponseNames();

    [Fact]
    public async Task Stream_GatewayAnswersWithJsonErrorDocument_ThrowsTypedError()
    {
        _simulator.Enqueue(SimulatorResponse.Replay("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""", "application/json"));
        using QwenChatClient client = TestClients.Create(_simulator);

        QwenAuthenticationException error = await Assert.ThrowsAsync<QwenAuthenticationException>(async () =>
            await client.GetStreamingResponseAsync("hi").ToChatResponseAsync());

        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.Single(_simulator.Requests);
    }

    [Fact]
    public async Task Unary_MatchesStreamedResultForSameSimulatedAnswer()
    {
        using QwenChatClient client = TestClients.Create(_simulator);
        var options = new QwenChatOptions { EnableThinking = true };

        ChatResponse unary = await client.GetResponseAsync("Same please", options);
        ChatResponse streamed = await client.GetStreamingResponseAsync("Same please", options).ToChatResponseAsync();

        Assert.Equal(unary.Text, streamed.Text);
        Assert.Equal(unary.Messages.Single().Contents.Select(c => (c.GetType(), c.ToString())), streamed.Messages.Single().Contents.Select(c => (c.GetType(), c.ToString())));
        Assert.Equal(unary.FinishReason, streamed.FinishReason);
        Assert.Equal(unary.ModelId, streamed.ModelId);
        Assert.Equal(unary.Usage!.TotalTokenCount, streamed.Usage!.TotalTokenCount);
        Assert.Equal(unary.Usage.ReasoningTokenCount, streamed.Usage.ReasoningTokenCount);
    }
}
