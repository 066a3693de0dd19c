using System.Text.Json;
using Microsoft.Extensions.AI;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests;

/// <summary>Settings conventions (Clone, Freeze, JSON, FromExecutionSettings) and what each setting puts on the wire.</summary>
public sealed class QwenPromptExecutionSettingsTests
{
    private const string Json = """
        {
          "service_id": "max", "model_id": "qwen-max", "temperature": 0.5, "top_p": 0.9, "top_k": 20, "max_tokens": 300,
          "seed": 7, "stop_sequences": ["END"], "enable_thinking": true, "thinking_budget": 512, "enable_search": true,
          "search_options": { "forced_search": true, "search_strategy": "agent" }, "repetition_penalty": 1.1,
          "custom_field": "kept"
        }
        """;

    [Fact]
    public void Deserialize_SnakeCaseJson_SetsTypedPropertiesAndKeepsUnknownFields()
    {
        QwenPromptExecutionSettings settings = JsonSerializer.Deserialize<QwenPromptExecutionSettings>(Json)!;

        AssertFromJson(settings);
        Assert.Equal("kept", ((JsonElement)settings.ExtensionData!["custom_field"]).GetString());
    }

    [Fact]
    public void Serialize_TranslationOptions_RoundTripsWithSnakeCaseNamesUnderDefaultOptions()
    {
        QwenPromptExecutionSettings settings = JsonSerializer.Deserialize<QwenPromptExecutionSettings>(
            """{ "translation_options": { "source_lang": "auto", "target_lang": "English", "terms": [] } }""")!;

        Assert.Equal(("auto", "English"), (settings.TranslationOptions!.SourceLang, settings.TranslationOptions.TargetLang));
        Assert.Equal(
            """{"source_lang":"auto","target_lang":"English","terms":[]}""",
            JsonSerializer.SerializeToElement(settings).GetProperty("translation_options").GetRawText());
    }

    [Fact]
    public void FromExecutionSettings_PlainSettingsFromJson_MapsKnownNamesAndKeepsTheRest()
    {
        PromptExecutionSettings plain = JsonSerializer.Deserialize<PromptExecutionSettings>(Json)!;

        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(plain);

        AssertFromJson(settings);
        Assert.Equal("kept", settings.ExtensionData!["custom_field"]);
        Assert.Single(settings.ExtensionData);
    }

    [Fact]
    public void FromExecutionSettings_PrimitiveValuesAndSameType_ConvertsOrReturnsSameInstance()
    {
        var plain = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["enable_thinking"] = true, ["thinking_budget"] = 64, ["top_k"] = 3L } };
        var qwen = new QwenPromptExecutionSettings();

        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(plain);

        Assert.Equal((true, 64, 3), (settings.EnableThinking, settings.ThinkingBudget, settings.TopK));
        Assert.Null(settings.ExtensionData);
        Assert.Same(qwen, QwenPromptExecutionSettings.FromExecutionSettings(qwen));
        Assert.NotNull(QwenPromptExecutionSettings.FromExecutionSettings(null));
    }

    [Fact]
    public void FromExecutionSettings_WrongType_ThrowsNamingTheSetting()
    {
        var plain = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["thinking_budget"] = "lots" } };

        ArgumentException error = Assert.Throws<ArgumentException>(() => QwenPromptExecutionSettings.FromExecutionSettings(plain));

        Assert.Contains("thinking_budget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_AllValues_CopiesEveryPropertyWithoutSharingLists()
    {
        QwenPromptExecutionSettings original = JsonSerializer.Deserialize<QwenPromptExecutionSettings>(Json)!;
        original.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto();
        original.Freeze();

        var clone = (QwenPromptExecutionSettings)original.Clone();

        Assert.False(clone.IsFrozen);
        Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(clone));
        Assert.NotSame(original.StopSequences, clone.StopSequences);
        Assert.NotSame(original.SearchOptions, clone.SearchOptions);
        Assert.Same(original.FunctionChoiceBehavior, clone.FunctionChoiceBehavior);
        clone.StopSequences!.Add("MORE");
        Assert.Single(original.StopSequences!);
    }

    [Fact]
    public void Freeze_ThenSet_ThrowsAndListsAreReadOnly()
    {
        var settings = new QwenPromptExecutionSettings { StopSequences = ["END"] };

        settings.Freeze();

        Assert.Throws<InvalidOperationException>(() => settings.EnableThinking = true);
        Assert.Throws<InvalidOperationException>(() => settings.Temperature = 1);
        Assert.Throws<NotSupportedException>(() => settings.StopSequences!.Add("X"));
    }

    [Fact]
    public async Task GetChatMessageContents_TypedAndPlainSettings_WriteTheSameQwenFields()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));
        var history = new ChatHistory("Hi", AuthorRole.User);

        _ = await service.GetChatMessageContentAsync(history, JsonSerializer.Deserialize<QwenPromptExecutionSettings>(Json));
        _ = await service.GetChatMessageContentAsync(history, JsonSerializer.Deserialize<PromptExecutionSettings>(Json));

        foreach (int sequence in new[] { 1, 2 })
        {
            JsonElement body = TestKernels.Body(simulator, sequence);
            Assert.Equal("qwen-max", body.GetProperty("model").GetString());
            Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 3);
            Assert.Equal(20, body.GetProperty("top_k").GetInt32());
            Assert.Equal(300, body.GetProperty("max_tokens").GetInt32());
            Assert.Equal("END", body.GetProperty("stop")[0].GetString());
            Assert.True(body.GetProperty("enable_thinking").GetBoolean());
            Assert.Equal(512, body.GetProperty("thinking_budget").GetInt32());
            Assert.True(body.GetProperty("search_options").GetProperty("forced_search").GetBoolean());
            Assert.Equal("agent", body.GetProperty("search_options").GetProperty("search_strategy").GetString());
            Assert.Equal(1.1, body.GetProperty("repetition_penalty").GetDouble(), 3);
            Assert.Equal("kept", body.GetProperty("custom_field").GetString());
            Assert.False(body.TryGetProperty("service_id", out _));
        }
    }

    [Fact]
    public async Task InvokePrompt_ExtraBodyInQwenSettingsJson_SendsItsEntriesTopLevelOnBothKernelPaths()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel serviceKernel = Kernel.CreateBuilder().AddQwenChatCompletion(TestKernels.Options(simulator)).Build();
        Kernel clientKernel = Kernel.CreateBuilder().AddQwenChatClient(TestKernels.Options(simulator)).Build();
        var settings = JsonSerializer.Deserialize<QwenPromptExecutionSettings>("""{"extra_body":{"enable_search":true,"custom":1},"response_format":"json_object"}""")!;

        _ = await serviceKernel.InvokePromptAsync("Answer in json.", new KernelArguments(settings));
        _ = await clientKernel.InvokePromptAsync("Answer in json.", new KernelArguments(settings));

        foreach (int sequence in new[] { 1, 2 })
        {
            JsonElement body = TestKernels.Body(simulator, sequence);
            Assert.True(body.GetProperty("enable_search").GetBoolean());
            Assert.Equal(1, body.GetProperty("custom").GetInt32());
            Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
            Assert.False(body.TryGetProperty("extra_body", out _));
        }
    }

    private static void AssertFromJson(QwenPromptExecutionSettings settings)
    {
        Assert.Equal(("max", "qwen-max"), (settings.ServiceId, settings.ModelId));
        Assert.Equal((0.5, 0.9, 20, 300, 7L), (settings.Temperature, settings.TopP, settings.TopK, settings.MaxTokens, settings.Seed));
        Assert.Equal(["END"], settings.StopSequences!);
        Assert.Equal((true, 512, true, 1.1), (settings.EnableThinking, settings.ThinkingBudget, settings.EnableSearch, settings.RepetitionPenalty));
        Assert.Equal((true, "agent"), (settings.SearchOptions!.ForcedSearch, settings.SearchOptions.SearchStrategy));
    }
}
