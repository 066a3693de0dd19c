using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests;

/// <summary>Semantic Kernel's own <see cref="OpenAIPromptExecutionSettings"/>, as ported samples write them, reach the Qwen wire.</summary>
public sealed class OpenAIPromptExecutionSettingsTests
{
    [Fact]
    public async Task GetChatMessageContent_OpenAISettings_SendsTypedValuesExtraBodyAndExtensionData()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));
        var settings = new OpenAIPromptExecutionSettings
        {
            ModelId = "qwen-max",
            Temperature = 0.7,
            TopP = 0.9,
            MaxTokens = 300,
            Seed = 7,
            PresencePenalty = 0.25,
            FrequencyPenalty = 0.5,
            StopSequences = ["END"],
            ChatSystemPrompt = "Be brief.",
            Logprobs = true,
            TopLogprobs = 2,
            TokenSelectionBiases = new Dictionary<int, int> { [42] = 1 },
            Store = true,
            ExtraBody = new Dictionary<string, object?> { ["enable_thinking"] = false, ["top_k"] = 5, ["search_options"] = new Dictionary<string, object> { ["forced_search"] = true } },
            ExtensionData = new Dictionary<string, object> { ["repetition_penalty"] = 1.1, ["custom_field"] = "kept" },
        };

        ChatMessageContent answer = await service.GetChatMessageContentAsync(new ChatHistory("Hi", AuthorRole.User), settings);

        Assert.Equal("Simulated answer to: Hi", answer.Content);
        JsonElement body = TestKernels.Body(simulator, 1);
        Assert.Equal("qwen-max", body.GetProperty("model").GetString());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 6);
        Assert.Equal((300, 7L), (body.GetProperty("max_tokens").GetInt32(), body.GetProperty("seed").GetInt64()));
        Assert.Equal(0.25, body.GetProperty("presence_penalty").GetDouble(), 6);
        Assert.Equal(0.5, body.GetProperty("frequency_penalty").GetDouble(), 6);
        WireAssert.Json("""["END"]""", body.GetProperty("stop"));
        WireAssert.Json("""[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""", body.GetProperty("messages"));
        Assert.True(body.GetProperty("logprobs").GetBoolean());
        Assert.Equal(2, body.GetProperty("top_logprobs").GetInt32());
        Assert.False(body.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(5, body.GetProperty("top_k").GetInt32());
        WireAssert.Json("""{"forced_search":true}""", body.GetProperty("search_options"));
        Assert.Equal(1.1, body.GetProperty("repetition_penalty").GetDouble(), 6);
        Assert.Equal("kept", body.GetProperty("custom_field").GetString());
        WireAssert.Absent(body, "extra_body", "token_selection_biases", "store", "ToolCallBehavior", "service_id", "model_id", "response_format");
    }

    [Fact]
    public void FromExecutionSettings_OpenAISettings_ReadsEveryValueWithDoublePrecision()
    {
        var openAI = new OpenAIPromptExecutionSettings
        {
            ServiceId = "max",
            Temperature = 0.7,
            TopP = 0.9,
            ResponseFormat = typeof(Recipe),
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
            ExtraBody = new Dictionary<string, object?> { ["thinking_budget"] = 256 },
        };

        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(openAI);

        Assert.Equal((0.7, 0.9, 256), (settings.Temperature, settings.TopP, settings.ThinkingBudget));
        Assert.Equal("max", settings.ServiceId);
        Assert.Same(openAI.FunctionChoiceBehavior, settings.FunctionChoiceBehavior);
        JsonElement format = Assert.IsType<JsonElement>(settings.ResponseFormat);
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("Recipe", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Null(settings.ExtensionData);
    }

    [Fact]
    public async Task InvokePrompt_OpenAISettingsWithTypeResponseFormat_SendsJsonSchemaAndAnswerDeserializes()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Answer("""{"name":"Pancakes","minutes":20,"steps":["mix","fry"]}"""));
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatCompletion(TestKernels.Options(simulator)).Build();

        FunctionResult result = await kernel.InvokePromptAsync(
            "Give me a recipe as JSON.", new KernelArguments(new OpenAIPromptExecutionSettings { ResponseFormat = typeof(Recipe) }));

        Recipe recipe = JsonSerializer.Deserialize<Recipe>(result.ToString(), AIJsonUtilities.DefaultOptions)!;
        Assert.Equal(("Pancakes", 20), (recipe.Name, recipe.Minutes));
        Assert.Equal(["mix", "fry"], recipe.Steps);
        JsonElement format = TestKernels.Body(simulator, 1).GetProperty("response_format");
        WireAssert.Json(ExpectedRecipeFormat(), format);
    }

    [Fact]
    public async Task GetStreamingChatMessageContents_OpenAISettingsWithTypeResponseFormat_StreamsJsonThatDeserializes()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Answer("""{"name":"Toast","minutes":2,"steps":["toast"]}"""));
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));

        var text = new System.Text.StringBuilder();
        await foreach (StreamingChatMessageContent update in service.GetStreamingChatMessageContentsAsync(
            new ChatHistory("A recipe as JSON.", AuthorRole.User), new OpenAIPromptExecutionSettings { ResponseFormat = typeof(Recipe) }))
        {
            text.Append(update.Content);
        }

        Assert.Equal("Toast", JsonSerializer.Deserialize<Recipe>(text.ToString(), AIJsonUtilities.DefaultOptions)!.Name);
        JsonElement body = TestKernels.Body(simulator, 1);
        Assert.True(body.GetProperty("stream").GetBoolean());
        WireAssert.Json(ExpectedRecipeFormat(), body.GetProperty("response_format"));
    }

    [Fact]
    public async Task GetChatMessageContent_OpenAISettingsWithAutoFunctionChoice_InvokesPluginFunction()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        var history = new ChatHistory();
        history.AddUserMessage("What is the weather?");
        var settings = new OpenAIPromptExecutionSettings { Temperature = 0.2, FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, kernel);

        Assert.Equal("Tool result received: Sunny in sample", answer.Content);
        Assert.Equal(2, simulator.Requests.Count);
        JsonElement first = TestKernels.Body(simulator, 1);
        Assert.Equal("Weather_GetWeather", first.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("auto", first.GetProperty("tool_choice").GetString());
        Assert.Equal(0.2, first.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(0.2, TestKernels.Body(simulator, 2).GetProperty("temperature").GetDouble(), 6);
    }

    /// <summary>The <c>response_format</c> for <see cref="Recipe"/>: a json_schema named after the type, schema from MEAI.</summary>
    internal static string ExpectedRecipeFormat()
    {
        var format = (ChatResponseFormatJson)ChatResponseFormat.ForJsonSchema(typeof(Recipe), AIJsonUtilities.DefaultOptions);
        return """{"type":"json_schema","json_schema":{"name":"Recipe","description":"A recipe.","schema":""" + format.Schema!.Value.GetRawText() + "}}";
    }
}
