using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenApi.Compatibility.Tests.TestUtilities;

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
        string source = "compat-embeddings-" + Guid.NewGuid().ToString("N");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var logs = new List<string>();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddStackExchangeRedisCache(o => (o.Configuration, o.InstanceName) = (redis.Configuration, Guid.NewGuid().ToString("N")));
        services.AddQwenEmbeddingGenerator(o => (o.ApiKey, o.Endpoint, o.EmbeddingDimensions) = (simulator.ApiKey, simulator.Endpoint, 256))
            .UseDistributedCache()
            .UseOpenTelemetry(sourceName: source)
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
        Activity activity = Assert.Single(activities);
        Assert.Equal("text-embedding-v4", activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal("embeddings", activity.GetTagItem("gen_ai.operation.name"));
        string invoked = Assert.Single(logs, l => l.Contains("GenerateAsync invoked", StringComparison.Ordinal));
        Assert.Contains("Embed me", invoked, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.ApiKey, string.Concat(logs), StringComparison.Ordinal);
        Assert.Equal("/v1/embeddings", request.Path);
    }
}
