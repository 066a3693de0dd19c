using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.Services;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests.Extensions;

/// <summary>Registration, keyed resolution, and service selection the way <c>ChatCompletionAgent</c> performs it.</summary>
public sealed class QwenKernelBuilderExtensionsTests
{
    [Fact]
    public async Task AddQwenChatCompletion_TwoServiceIds_EachKeyResolvesItsModel()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TwoModels(simulator);

        Assert.Equal("qwen-plus", kernel.GetRequiredService<IChatCompletionService>("plus").GetModelId());
        Assert.Equal("qwen-max", kernel.GetRequiredService<IChatCompletionService>("max").GetModelId());
        Assert.Equal(simulator.Endpoint.ToString(), kernel.GetRequiredService<IChatCompletionService>("max").GetEndpoint());

        FunctionResult result = await kernel.InvokePromptAsync("Hello", new KernelArguments(new QwenPromptExecutionSettings { ServiceId = "max" }));

        Assert.Equal("Simulated answer to: Hello", result.GetValue<string>());
        Assert.Equal("qwen-max", TestKernels.Body(simulator, 1).GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("max", null, "qwen-max")]
    [InlineData("plus", null, "qwen-plus")]
    [InlineData(null, "qwen-max", "qwen-max")]
    public async Task SelectAIService_AsChatCompletionAgentDoes_PicksServiceByIdOrModel(string? serviceId, string? modelId, string expectedModel)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TwoModels(simulator);
        var settings = new QwenPromptExecutionSettings { ServiceId = serviceId, ModelId = modelId };
        var arguments = new KernelArguments(settings);

        // ChatCompletionAgent: kernel.ServiceSelector.SelectAIService<IChatCompletionService>(kernel, arguments.ExecutionSettings, arguments)
        (IChatCompletionService service, PromptExecutionSettings? selected) =
            kernel.ServiceSelector.SelectAIService<IChatCompletionService>(kernel, arguments.ExecutionSettings, arguments);

        Assert.Equal(expectedModel, service.GetModelId());
        Assert.Same(settings, selected);
        ChatMessageContent answer = await service.GetChatMessageContentAsync(new ChatHistory("Hi", AuthorRole.User), selected, kernel);
        Assert.Equal("Simulated answer to: Hi", answer.Content);
        Assert.Equal(expectedModel, TestKernels.Body(simulator, 1).GetProperty("model").GetString());
    }

    [Fact]
    public async Task AddQwenChatCompletion_WithoutClient_UsesKeyedChatClientFromContainer()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddKeyedQwenChatClient("fast", o =>
        {
            o.ApiKey = simulator.ApiKey;
            o.Endpoint = simulator.Endpoint;
            o.ModelId = "qwen-turbo";
        });
        builder.AddQwenChatCompletion(serviceId: "fast");
        Kernel kernel = builder.Build();

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>("fast").GetChatMessageContentAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", answer.Content);
        Assert.Equal("qwen-turbo", TestKernels.Body(simulator, 1).GetProperty("model").GetString());
    }

    [Fact]
    public async Task AddQwenChatCompletion_ModelAndKey_UsesGivenHttpClientAndContainerLogging()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Test", "given-client");
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatCompletion("qwen-plus", simulator.ApiKey, simulator.Endpoint, httpClient: http).Build();

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", answer.Content);
        Assert.Equal("given-client", simulator.Requests[0].Headers["X-Test"]);
    }

    [Fact]
    public void AddQwenChatCompletion_EmptyModel_Throws()
    {
        Assert.Throws<ArgumentException>(() => Kernel.CreateBuilder().AddQwenChatCompletion(" ", "key"));
    }

    private static Kernel TwoModels(QwenSimulator simulator) => Kernel.CreateBuilder()
        .AddQwenChatCompletion(TestKernels.Options(simulator, "qwen-plus"), serviceId: "plus")
        .AddQwenChatCompletion(TestKernels.Options(simulator, "qwen-max"), serviceId: "max")
        .Build();
}
