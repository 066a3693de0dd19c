using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests.Extensions;

/// <summary>
/// <c>AddQwenChatClient</c> in Semantic Kernel's style (an <see cref="IChatClient"/> that invokes kernel functions), with
/// both <c>Microsoft.SemanticKernel</c> and <c>Microsoft.Extensions.DependencyInjection</c> imported, as this file does:
/// each call below binds to exactly one of the two extension classes.
/// </summary>
public sealed class QwenChatClientRegistrationTests
{
    [Fact]
    public async Task AddQwenChatClient_KernelBuilder_InvokePromptWithQwenSettingsSendsEveryField()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Answer("""{"name":"Tea","minutes":3,"steps":["steep"]}"""));
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatClient("qwen-plus", simulator.ApiKey, simulator.Endpoint).Build();
        var settings = new QwenPromptExecutionSettings
        {
            Temperature = 0.5,
            TopK = 20,
            EnableThinking = false,
            ThinkingBudget = 128,
            SearchOptions = new QwenSearchOptions { ForcedSearch = true },
            ResponseFormat = typeof(Recipe),
            ChatSystemPrompt = "Be brief.",
        };

        FunctionResult result = await kernel.InvokePromptAsync("A recipe as JSON.", new KernelArguments(settings));

        Assert.Equal("Tea", JsonSerializer.Deserialize<Recipe>(result.ToString(), AIJsonUtilities.DefaultOptions)!.Name);
        JsonElement body = TestKernels.Body(simulator, 1);
        Assert.Equal("qwen-plus", body.GetProperty("model").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(20, body.GetProperty("top_k").GetInt32());
        Assert.False(body.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(128, body.GetProperty("thinking_budget").GetInt32());
        WireAssert.Json("""{"forced_search":true}""", body.GetProperty("search_options"));
        WireAssert.Json(OpenAIPromptExecutionSettingsTests.ExpectedRecipeFormat(), body.GetProperty("response_format"));
        Assert.Equal("system", body.GetProperty("messages")[0].GetProperty("role").GetString());
        WireAssert.Absent(body, "enable_search", "preserve_thinking", "repetition_penalty", "translation_options", "chat_system_prompt", "service_id");
    }

    [Fact]
    public async Task AddQwenChatClient_AutoFunctionChoice_KernelInvokesPluginFunction()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        IKernelBuilder builder = Kernel.CreateBuilder().AddQwenChatClient(TestKernels.Options(simulator));
        builder.Plugins.AddFromType<WeatherPlugin>("Weather");
        var filter = new RecordingFilter();
        builder.Services.AddSingleton<IAutoFunctionInvocationFilter>(filter);
        Kernel kernel = builder.Build();

        FunctionResult result = await kernel.InvokePromptAsync(
            "What is the weather?", new KernelArguments(new QwenPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), EnableThinking = false }));

        Assert.Equal("Tool result received: Sunny in sample", result.ToString());
        Assert.Equal(2, simulator.Requests.Count);
        JsonElement first = TestKernels.Body(simulator, 1);
        Assert.Equal("Weather_GetWeather", first.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.False(first.GetProperty("enable_thinking").GetBoolean());
        Assert.False(TestKernels.Body(simulator, 2).GetProperty("enable_thinking").GetBoolean());
        Assert.Equal("tool", TestKernels.Body(simulator, 2).GetProperty("messages")[2].GetProperty("role").GetString());
        Assert.Equal(["Weather.GetWeather"], filter.Auto);
    }

    [Fact]
    public async Task AddQwenChatClient_OpenAISettings_SemanticKernelsConversionSendsTypedValues()
    {
        // On this path Semantic Kernel converts the settings itself (OpenAI's hook, not ours): plain typed values work.
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatClient(TestKernels.Options(simulator)).Build();
        var settings = new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings { Temperature = 0.5, MaxTokens = 50, ResponseFormat = "json_object" };

        _ = await kernel.InvokePromptAsync("Answer in json.", new KernelArguments(settings));

        JsonElement body = TestKernels.Body(simulator, 1);
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(50, body.GetProperty("max_tokens").GetInt32());
        WireAssert.Json("""{"type":"json_object"}""", body.GetProperty("response_format"));
    }

    [Fact]
    public async Task AddQwenChatClient_ServiceCollectionWithServiceIds_ResolvesKeyedClientsBesideTheAppClient()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var services = new ServiceCollection();

        // Microsoft.Extensions.DependencyInjection's AddQwenChatClient(configure): the application's own client.
        services.AddQwenChatClient(o => (o.ApiKey, o.Endpoint, o.ModelId) = (simulator.ApiKey, simulator.Endpoint, "qwen-turbo"), configurationSectionPath: null);

        // Microsoft.SemanticKernel's AddQwenChatClient(modelId, apiKey, …): Semantic Kernel's registrations, keyed.
        services.AddQwenChatClient("qwen-max", simulator.ApiKey, simulator.Endpoint, serviceId: "max");
        services.AddQwenChatClient(TestKernels.Options(simulator, "qwen-plus"), serviceId: "plus");
        services.AddKernel();
        await using ServiceProvider provider = services.BuildServiceProvider();
        Kernel kernel = provider.GetRequiredService<Kernel>();

        _ = await provider.GetRequiredKeyedService<IChatClient>("max").GetResponseAsync("Hi");
        _ = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");
        FunctionResult result = await kernel.InvokePromptAsync("Hello", new KernelArguments(new PromptExecutionSettings { ServiceId = "plus" }));

        Assert.Equal("Simulated answer to: Hello", result.ToString());
        Assert.Equal(["qwen-max", "qwen-turbo", "qwen-plus"], simulator.Requests.Select(r => r.Json!.Value.GetProperty("model").GetString()));
    }

    [Fact]
    public void AddQwenChatClient_EmptyModelOrKey_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddQwenChatClient(" ", "key"));
        Assert.Throws<ArgumentException>(() => services.AddQwenChatClient("qwen-plus", ""));
        Assert.Throws<ArgumentNullException>(() => Kernel.CreateBuilder().AddQwenChatClient((QwenClientOptions)null!));
    }
}
