using System.Text.Json;
using System.Text.Json.Nodes;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Mapping;

/// <summary>Exact request bodies, as the server received them, for every row of the ChatOptions mapping.</summary>
public sealed class ChatRequestWriterTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private Task<JsonElement> Capture(ChatOptions? options, params ChatMessage[] messages) =>
        RecordedBody.CaptureAsync(_simulator, messages.Length == 0 ? [new ChatMessage(ChatRole.User, "hi")] : messages, options);

    [Fact]
    public async Task Write_NoOptions_SendsModelAndMessagesOnly()
    {
        JsonElement body = await Capture(null);

        Assert.Equal("""{"model":"qwen-plus","messages":[{"role":"user","content":"hi"}]}""", body.GetRawText());
    }

    [Fact]
    public async Task Write_EveryStandardOption_MapsToDocumentedField()
    {
        var options = new ChatOptions
        {
            ModelId = "qwen-max",
            Instructions = "Be brief.",
            Temperature = 0.5f,
            MaxOutputTokens = 100,
            TopP = 0.9f,
            TopK = 20,
            Seed = 42,
            StopSequences = ["END", "STOP"],
            FrequencyPenalty = 0.25f,
            PresencePenalty = 0.5f,
        };

        JsonElement body = await Capture(options);

        Assert.Equal(
            """{"model":"qwen-max","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],"temperature":0.5,"top_p":0.9,"top_k":20,"max_tokens":100,"seed":42,"frequency_penalty":0.25,"presence_penalty":0.5,"stop":["END","STOP"]}""",
            body.GetRawText());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
    }

    [Theory]
    [InlineData("text", """{"type":"text"}""")]
    [InlineData("json", """{"type":"json_object"}""")]
    [InlineData("schema", """{"type":"json_schema","json_schema":{"name":"person","description":"A person","schema":{"type":"object","properties":{"name":{"type":"string"}}}}}""")]
    public async Task Write_ResponseFormat_MapsToResponseFormatObject(string kind, string expected)
    {
        ChatResponseFormat format = kind switch
        {
            "text" => ChatResponseFormat.Text,
            "json" => ChatResponseFormat.Json,
            _ => ChatResponseFormat.ForJsonSchema(JsonElement.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}"""), "person", "A person"),
        };

        JsonElement body = await Capture(new ChatOptions { ResponseFormat = format });

        Assert.Equal(expected, RecordedBody.Field(body, "response_format"));
    }

    [Fact]
    public async Task Write_FunctionTool_WritesCompactSchemaAndToolChoice()
    {
        AIFunction weather = AIFunctionFactory.Create((string location, int days) => "sunny", "get_weather", "Gets the weather");
        var options = new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true };

        JsonElement body = await Capture(options);

        JsonElement tool = Assert.Single(body.GetProperty("tools").EnumerateArray().ToArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Gets the weather", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal(weather.JsonSchema.GetRawText(), tool.GetProperty("function").GetProperty("parameters").GetRawText());
        Assert.Equal("\"auto\"", RecordedBody.Field(body, "tool_choice"));
        Assert.Equal("true", RecordedBody.Field(body, "parallel_tool_calls"));
        Assert.DoesNotContain('\n', _simulator.Requests[^1].Body);
    }

    [Theory]
    [InlineData("none", "\"none\"")]
    [InlineData("required", "\"required\"")]
    [InlineData("named", """{"type":"function","function":{"name":"get_weather"}}""")]
    public async Task Write_ToolMode_MapsToToolChoice(string mode, string expected)
    {
        AIFunction weather = AIFunctionFactory.Create((string location) => "sunny", "get_weather");
        ChatToolMode toolMode = mode switch
        {
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        JsonElement body = await Capture(new ChatOptions { Tools = [weather], ToolMode = toolMode, AllowMultipleToolCalls = false });

        Assert.Equal(expected, RecordedBody.Field(body, "tool_choice"));
        Assert.Equal("false", RecordedBody.Field(body, "parallel_tool_calls"));
    }

    [Fact]
    public async Task Write_ToolModeWithoutTools_OmitsToolChoice()
    {
        JsonElement body = await Capture(new ChatOptions { ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true });

        Assert.Equal("<absent>", RecordedBody.Field(body, "tool_choice"));
        Assert.Equal("<absent>", RecordedBody.Field(body, "parallel_tool_calls"));
    }

    [Fact]
    public async Task Write_HostedWebSearchTool_SetsEnableSearch()
    {
        JsonElement body = await Capture(new ChatOptions { Tools = [new HostedWebSearchTool()] });

        Assert.Equal("true", RecordedBody.Field(body, "enable_search"));
        Assert.Equal("<absent>", RecordedBody.Field(body, "tools"));
    }

    [Fact]
    public async Task Write_UnsupportedHostedTool_ThrowsNotSupportedNamingIt()
    {
        using QwenChatClient client = TestClients.Create(_simulator);
        var options = new ChatOptions { Tools = [new HostedFileSearchTool()] };

        NotSupportedException error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", options));

        Assert.Contains("HostedFileSearchTool", error.Message);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Write_AdditionalProperties_WrittenAsTopLevelFields()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                ["enable_thinking"] = true,
                ["thinking_budget"] = 512,
                ["search_options"] = JsonElement.Parse("""{"forced_search":true,"search_strategy":"agent"}"""),
                ["translation_options"] = new JsonObject { ["target_lang"] = "English" },
                ["future_field"] = "x",
                ["ratio"] = 1.5,
            },
        };

        JsonElement body = await Capture(options);

        Assert.Equal("true", RecordedBody.Field(body, "enable_thinking"));
        Assert.Equal("512", RecordedBody.Field(body, "thinking_budget"));
        Assert.Equal("""{"forced_search":true,"search_strategy":"agent"}""", RecordedBody.Field(body, "search_options"));
        Assert.Equal("""{"target_lang":"English"}""", RecordedBody.Field(body, "translation_options"));
        Assert.Equal("\"x\"", RecordedBody.Field(body, "future_field"));
        Assert.Equal("1.5", RecordedBody.Field(body, "ratio"));
    }

    [Fact]
    public async Task Write_AdditionalPropertyNamedLikeMappedField_ReplacesItOnce()
    {
        var options = new ChatOptions { MaxOutputTokens = 10, AdditionalProperties = new() { ["max_tokens"] = 99 } };

        JsonElement body = await Capture(options);

        Assert.Equal("99", RecordedBody.Field(body, "max_tokens"));
        Assert.Equal(1, _simulator.Requests[^1].Body.Split("\"max_tokens\"").Length - 1);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("messages")]
    [InlineData("stream")]
    public async Task Write_ReservedAdditionalProperty_ThrowsArgumentException(string key)
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { [key] = "x" } }));

        Assert.Contains($"\"{key}\"", error.Message);
    }

    [Fact]
    public async Task Write_MoreThanOneChoiceRequested_ThrowsNotSupported()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        NotSupportedException error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { ["n"] = 2 } }));

        Assert.Contains("\"n\"", error.Message);
        _ = await client.GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { ["n"] = 1 } });
        Assert.Equal("1", RecordedBody.Field(RecordedBody.LastJson(_simulator), "n"));
    }

    [Fact]
    public async Task Write_QwenChatOptions_WritesEveryTypedField()
    {
        var options = new QwenChatOptions
        {
            EnableThinking = true,
            ThinkingBudget = 2048,
            PreserveThinking = true,
            MaxCompletionTokens = 4000,
            EnableSearch = true,
            SearchOptions = new QwenSearchOptions { ForcedSearch = true, SearchStrategy = "agent", AdditionalProperties = new Dictionary<string, object?> { ["freshness"] = 7 } },
            RepetitionPenalty = 1.1f,
            VlHighResolutionImages = true,
            EnableCodeInterpreter = true,
            TranslationOptions = new QwenTranslationOptions { SourceLang = "auto", TargetLang = "English" },
        };

        JsonElement body = await Capture(options);

        Assert.Equal("true", RecordedBody.Field(body, "enable_thinking"));
        Assert.Equal("2048", RecordedBody.Field(body, "thinking_budget"));
        Assert.Equal("true", RecordedBody.Field(body, "preserve_thinking"));
        Assert.Equal("4000", RecordedBody.Field(body, "max_completion_tokens"));
        Assert.Equal("true", RecordedBody.Field(body, "enable_search"));
        Assert.Equal("""{"forced_search":true,"search_strategy":"agent","freshness":7}""", RecordedBody.Field(body, "search_options"));
        Assert.Equal(1.1f, body.GetProperty("repetition_penalty").GetSingle());
        Assert.Equal("true", RecordedBody.Field(body, "vl_high_resolution_images"));
        Assert.Equal("true", RecordedBody.Field(body, "enable_code_interpreter"));
        Assert.Equal("""{"source_lang":"auto","target_lang":"English"}""", RecordedBody.Field(body, "translation_options"));
    }

    [Fact]
    public void QwenChatOptions_Clone_KeepsTypeAndFields()
    {
        var options = new QwenChatOptions { EnableThinking = false, ThinkingBudget = 5, Temperature = 0.1f, SearchOptions = new() { ForcedSearch = true } };

        var clone = Assert.IsType<QwenChatOptions>(options.Clone());

        Assert.False(clone.EnableThinking);
        Assert.Equal(5, clone.ThinkingBudget);
        Assert.Equal(0.1f, clone.Temperature);
        Assert.NotSame(options.SearchOptions, clone.SearchOptions);
        Assert.True(clone.SearchOptions!.ForcedSearch);
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "false")]
    [InlineData(ReasoningEffort.Low, "true")]
    [InlineData(ReasoningEffort.High, "true")]
    public async Task Write_ReasoningEffort_MapsToEnableThinking(ReasoningEffort effort, string expected)
    {
        JsonElement body = await Capture(new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });

        Assert.Equal(expected, RecordedBody.Field(body, "enable_thinking"));
    }

    [Fact]
    public async Task Write_TypedEnableThinking_OverridesReasoningEffort()
    {
        JsonElement body = await Capture(new QwenChatOptions { EnableThinking = false, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        Assert.Equal("false", RecordedBody.Field(body, "enable_thinking"));
    }

    [Fact]
    public async Task Write_RawRepresentationFactory_FieldsWinOverMappedOnes()
    {
        var options = new ChatOptions
        {
            Temperature = 0.2f,
            AdditionalProperties = new() { ["temperature"] = 0.3, ["top_k"] = 5 },
            RawRepresentationFactory = _ => new JsonObject { ["temperature"] = 0.7, ["logprobs"] = true },
        };

        JsonElement body = await Capture(options);

        Assert.Equal("0.7", RecordedBody.Field(body, "temperature"));
        Assert.Equal("true", RecordedBody.Field(body, "logprobs"));
        Assert.Equal("5", RecordedBody.Field(body, "top_k"));
        Assert.Equal(1, _simulator.Requests[^1].Body.Split("\"temperature\"").Length - 1);
    }

    [Fact]
    public async Task Write_RawRepresentationFactoryOfUnknownType_ThrowsNotSupported()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        NotSupportedException error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync("hi", new ChatOptions { RawRepresentationFactory = _ => new Uri("https://x") }));

        Assert.Contains("System.Uri", error.Message);
    }

    [Theory]
    [InlineData("temperature")]
    [InlineData("top_p")]
    [InlineData("max_tokens")]
    [InlineData("top_k")]
    [InlineData("seed")]
    public async Task Write_OutOfRangeOption_ThrowsNamingIt(string field)
    {
        using QwenChatClient client = TestClients.Create(_simulator);
        ChatOptions options = field switch
        {
            "temperature" => new ChatOptions { Temperature = 3 },
            "top_p" => new ChatOptions { TopP = 0 },
            "max_tokens" => new ChatOptions { MaxOutputTokens = 0 },
            "top_k" => new ChatOptions { TopK = -1 },
            _ => new ChatOptions { Seed = -5 },
        };

        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetResponseAsync("hi", options));

        Assert.Contains("ChatOptions.", error.Message);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Write_StreamingRequest_AsksForUsage()
    {
        using QwenChatClient client = TestClients.Create(_simulator);

        _ = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        JsonElement body = RecordedBody.LastJson(_simulator);
        Assert.Equal("true", RecordedBody.Field(body, "stream"));
        Assert.Equal("""{"include_usage":true}""", RecordedBody.Field(body, "stream_options"));
        Assert.Equal("text/event-stream", _simulator.Requests[^1].Headers["Accept"]);
    }

    [Fact]
    public async Task Write_Headers_CarryBearerKeyJsonAndUserAgent()
    {
        _ = await Capture(null);

        IReadOnlyDictionary<string, string> headers = _simulator.Requests[^1].Headers;
        Assert.Equal("Bearer sim-key", headers["Authorization"]);
        Assert.StartsWith("application/json", headers["Content-Type"], StringComparison.Ordinal);
        Assert.StartsWith("QwenApi.Extensions.AI/", headers["User-Agent"], StringComparison.Ordinal);
    }
}
