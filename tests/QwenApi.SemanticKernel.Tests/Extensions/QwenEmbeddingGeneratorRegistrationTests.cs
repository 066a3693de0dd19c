using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests.Extensions;

/// <summary>
/// <c>AddQwenEmbeddingGenerator</c> in Semantic Kernel's style: the generator a kernel's services resolve, keyed by
/// <c>serviceId</c>, beside <c>Microsoft.Extensions.DependencyInjection</c>'s overloads (both namespaces are imported here).
/// </summary>
public sealed class QwenEmbeddingGeneratorRegistrationTests
{
    [Fact]
    public async Task AddQwenEmbeddingGenerator_KernelBuilder_KernelResolvesGeneratorThatEmbedsTexts()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = Kernel.CreateBuilder().AddQwenEmbeddingGenerator("text-embedding-v4", simulator.ApiKey, simulator.Endpoint).Build();
        var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["The cat sat on the mat.", "Stocks fell sharply.", "The cat sat on the mat."]);

        Assert.IsType<QwenEmbeddingGenerator>(generator);
        Assert.Equal([1024, 1024, 1024], result.Select(e => e.Vector.Length));
        Assert.True(result[0].Vector.Span.SequenceEqual(result[2].Vector.Span));
        Assert.False(result[0].Vector.Span.SequenceEqual(result[1].Vector.Span));
        Assert.Equal(15L, result.Usage?.InputTokenCount);
        SimulatorRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("text-embedding-v4", request.Json!.Value.GetProperty("model").GetString());
        Assert.Equal(3, request.Json!.Value.GetProperty("input").GetArrayLength());
    }

    [Fact]
    public async Task AddQwenEmbeddingGenerator_ServiceIds_EachKeyResolvesItsModelAndNoneIsUnkeyed()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        QwenClientOptions small = TestKernels.Options(simulator);
        small.EmbeddingDimensions = 256;
        Kernel kernel = Kernel.CreateBuilder()
            .AddQwenEmbeddingGenerator(small, serviceId: "small")
            .AddQwenEmbeddingGenerator("text-embedding-v3", simulator.ApiKey, simulator.Endpoint, serviceId: "v3")
            .Build();

        Embedding<float> smallVector = await kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>("small").GenerateAsync("Hello");
        Embedding<float> v3Vector = await kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>("v3").GenerateAsync("Hello");

        Assert.Equal((256, 1024), (smallVector.Vector.Length, v3Vector.Vector.Length));
        Assert.Null(kernel.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        JsonElement first = TestKernels.Body(simulator, 1);
        Assert.Equal(("text-embedding-v4", 256), (first.GetProperty("model").GetString(), first.GetProperty("dimensions").GetInt32()));
        Assert.Equal("text-embedding-v3", TestKernels.Body(simulator, 2).GetProperty("model").GetString());
        Assert.False(TestKernels.Body(simulator, 2).TryGetProperty("dimensions", out _));
    }

    [Fact]
    public async Task AddQwenEmbeddingGenerator_ServiceCollectionBesideChatClient_OneOptionsInstanceSendsEachItsModel()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        QwenClientOptions options = TestKernels.Options(simulator, "qwen-max");
        var services = new ServiceCollection();
        services.AddQwenChatClient(options);
        services.AddQwenEmbeddingGenerator(options);
        services.AddKernel();
        await using ServiceProvider provider = services.BuildServiceProvider();
        Kernel kernel = provider.GetRequiredService<Kernel>();

        FunctionResult answer = await kernel.InvokePromptAsync("Hello");
        GeneratedEmbeddings<Embedding<float>> vectors = await kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["Hello"]);

        Assert.Equal("Simulated answer to: Hello", answer.ToString());
        Assert.Equal(1024, Assert.Single(vectors).Vector.Length);
        Assert.Equal(["/v1/chat/completions", "/v1/embeddings"], simulator.Requests.Select(r => r.Path));
        Assert.Equal(["qwen-max", "text-embedding-v4"], simulator.Requests.Select(r => r.Json!.Value.GetProperty("model").GetString()));
    }

    [Fact]
    public void AddQwenEmbeddingGenerator_EmptyModelOrKeyOrNullOptions_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddQwenEmbeddingGenerator(" ", "key"));
        Assert.Throws<ArgumentException>(() => Kernel.CreateBuilder().AddQwenEmbeddingGenerator("text-embedding-v4", ""));
        Assert.Throws<ArgumentNullException>(() => Kernel.CreateBuilder().AddQwenEmbeddingGenerator((QwenClientOptions)null!));
        Assert.Empty(services);
    }
}
