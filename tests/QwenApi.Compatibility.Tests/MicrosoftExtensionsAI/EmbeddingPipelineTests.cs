using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenApi.Compatibility.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Compatibility.Tests.MicrosoftExtensionsAI;

/// <summary>
/// The embeddings flow of the Microsoft.Extensions.AI README with <see cref="QwenEmbeddingGenerator"/> as the provider:
/// registered through DI with MEAI's whole <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> stack (a Redis
/// <c>IDistributedCache</c>, OpenTelemetry, logging). QwenApi.Extensions.AI.Tests covers each middleware alone; this runs
/// them together on whichever MEAI version this project restores (<c>-p:MeaiVersion=…</c>).
/// </summary>
public sealed class EmbeddingPipelineTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task DependencyInjection_CacheTelemetryAndLogging_SecondCallComesFromRedis()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var capture = new ActivityCapture();
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddStackExchangeRedisCache(o => (o.Configuration, o.InstanceName) = (redis.Configuration, Guid.NewGuid().ToString("N")));
        services.AddQwenEmbeddingGenerator(o => (o.ApiKey, o.Endpoint, o.EmbeddingDimensions) = (simulator.ApiKey, simulator.Endpoint, 256))
            .UseDistributedCache()
            .UseOpenTelemetry(sourceName: capture.Source)
            .UseLogging();
        await using ServiceProvider provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        GeneratedEmbeddings<Embedding<float>> first = await generator.GenerateAsync(["Embed me", "And me"]);
        GeneratedEmbeddings<Embedding<float>> again = await generator.GenerateAsync(["Embed me", "And me"]);

        Assert.Equal([256, 256], first.Select(e => e.Vector.Length));
        Assert.True(first[0].Vector.Span.SequenceEqual(again[0].Vector.Span));
        Assert.True(first[1].Vector.Span.SequenceEqual(again[1].Vector.Span));
        SimulatorRequest request = Assert.Single(simulator.Requests);
        Assert.Equal(("\"text-embedding-v4\"", "256"), (Wire.Field(simulator, 0, "model"), Wire.Field(simulator, 0, "dimensions")));
        Activity activity = Assert.Single(capture.Activities);
        Assert.Equal("text-embedding-v4", activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal("embeddings", activity.GetTagItem("gen_ai.operation.name"));
        string invoked = Assert.Single(logs.Lines.Select(l => l.Message), l => l.Contains("GenerateAsync invoked", StringComparison.Ordinal));
        Assert.Contains("Embed me", invoked, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.ApiKey, string.Concat(logs.Lines.Select(l => l.Message)), StringComparison.Ordinal);
        Assert.Equal("/v1/embeddings", request.Path);
    }
}
