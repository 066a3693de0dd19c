using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI.Tests.DependencyInjection;

/// <summary>AddQwenEmbeddingGenerator: the "Qwen" section, embedding settings, validation, keyed generators, and chaining.</summary>
public sealed class QwenEmbeddingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddQwenEmbeddingGenerator_QwenSection_BindsAndGenerates()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new()
        {
            ["Qwen:ModelId"] = "qwen-plus", // the chat model: never sent to /embeddings
            ["Qwen:EmbeddingModelId"] = "text-embedding-v3",
            ["Qwen:EmbeddingDimensions"] = "768",
            ["Qwen:MaxConcurrentEmbeddingRequests"] = "2",
            ["Qwen:EmbeddingEncoding"] = "float",
        }, s =>
        {
            s.AddQwenChatClient();
            s.AddQwenEmbeddingGenerator().UseLogging();
        });

        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["alpha", "beta"]);
        ChatResponse chat = await services.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal(768, result[0].Vector.Length);
        Assert.Equal("Simulated answer to: Hi", chat.Text);
        SimulatorRequest request = simulator.Requests[0];
        Assert.EndsWith("/embeddings", request.Path, StringComparison.Ordinal);
        Assert.Equal("text-embedding-v3", request.Json!.Value.GetProperty("model").GetString());
        Assert.Equal("float", request.Json!.Value.GetProperty("encoding_format").GetString());
        Assert.Equal("qwen-plus", simulator.Requests[1].Json!.Value.GetProperty("model").GetString());
        Assert.NotNull(generator.GetService<QwenEmbeddingGenerator>());
        Assert.Equal("text-embedding-v3", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task AddKeyedQwenEmbeddingGenerator_KeySection_OverridesTheSharedOne()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new() { ["Qwen:small:EmbeddingDimensions"] = "64" }, s => s.AddKeyedQwenEmbeddingGenerator("small"));

        var generator = services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("small");
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["alpha"]);

        Assert.Equal(64, result[0].Vector.Length);
        Assert.Null(services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public async Task AddQwenEmbeddingGenerator_InvalidEmbeddingSettings_FailValidationNamingThem()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new()
        {
            ["Qwen:EmbeddingDimensions"] = "0",
            ["Qwen:MaxConcurrentEmbeddingRequests"] = "many",
            ["Qwen:EmbeddingEncoding"] = "json",
        }, s => s.AddQwenEmbeddingGenerator());

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("Qwen embedding generator", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmbeddingDimensions must be null or positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen:MaxConcurrentEmbeddingRequests must be a whole number", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen:EmbeddingEncoding must be one of Base64, Float (it is \"json\")", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.ApiKey, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(QwenSimulator simulator, Dictionary<string, string?> values, Action<IServiceCollection> register)
    {
        values["Qwen:ApiKey"] = simulator.ApiKey;
        values["Qwen:Endpoint"] = simulator.Endpoint.ToString();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
