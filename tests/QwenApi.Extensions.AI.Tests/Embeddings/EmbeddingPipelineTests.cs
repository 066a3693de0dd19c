using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>MEAI middleware over the generator (metadata they read, caching, logging) and rate-limit governance shared with chat.</summary>
public sealed class EmbeddingPipelineTests
{
    [Fact]
    public async Task GetService_Metadata_NamesProviderEndpointModelAndDimensions()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.EmbeddingDimensions = 512);

        EmbeddingGeneratorMetadata metadata = Assert.IsType<EmbeddingGeneratorMetadata>(generator.GetService(typeof(EmbeddingGeneratorMetadata)));

        Assert.Equal(("qwen", simulator.Endpoint, "text-embedding-v4", 512), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.Same(generator, generator.GetService(typeof(QwenEmbeddingGenerator)));
        Assert.Null(generator.GetService(typeof(EmbeddingGeneratorMetadata), "key"));
    }

    [Fact]
    public async Task UseOpenTelemetry_TagsProviderModelServerAndUsage()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var capture = new ActivityCapture();
        using IEmbeddingGenerator<string, Embedding<float>> generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(EmbeddingClients.For(simulator))
            .UseOpenTelemetry(sourceName: capture.Source)
            .Build();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["one two", "three"]);

        Activity activity = Assert.Single(capture.Activities);
        Assert.Equal("qwen", activity.GetTagItem("gen_ai.provider.name") ?? activity.GetTagItem("gen_ai.system"));
        Assert.Equal("text-embedding-v4", activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal(simulator.Endpoint.Host, activity.GetTagItem("server.address"));
        Assert.Equal(3L, result.Usage?.InputTokenCount);
        Assert.Equal(3, Convert.ToInt32(activity.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UseDistributedCache_SecondCallForTheSameTexts_SendsNothing()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        IDistributedCache cache = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
        using var logs = new LogCapture();
        using ILoggerFactory factory = logs.CreateFactory();
        using IEmbeddingGenerator<string, Embedding<float>> generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(EmbeddingClients.For(simulator))
            .UseDistributedCache(cache)
            .UseLogging(factory)
            .Build();
        string[] docs = EmbeddingClients.Docs(12);

        GeneratedEmbeddings<Embedding<float>> first = await generator.GenerateAsync(docs);
        GeneratedEmbeddings<Embedding<float>> second = await generator.GenerateAsync(docs);

        Assert.Equal(2, simulator.Requests.Count); // 12 inputs: one batch of 10 and one of 2, then all from the cache
        for (int i = 0; i < docs.Length; i++)
        {
            Assert.Equal(first[i].Vector.ToArray(), second[i].Vector.ToArray());
        }

        Assert.Contains(logs.Lines, l => l.Message.Contains("GenerateAsync", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coordinator_EmbeddingsShareTheChatScopeAndEstimateInputBytesOverFour()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var coordinator = new AdmissionRecorder();
        using QwenChatClient chat = TestClients.Create(simulator, configure: o => o.RateLimitCoordinator = coordinator);
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.RateLimitCoordinator = coordinator);
        string[] docs = EmbeddingClients.Docs(11);

        _ = await chat.GetResponseAsync("hi");
        _ = await generator.GenerateAsync(docs);

        Assert.Equal(3, coordinator.Admissions.Count);
        Assert.Single(coordinator.Admissions.Select(a => a.Scope).Distinct());
        Assert.Equal(QwenRateLimitCoordinator.GetScope(simulator.Endpoint, simulator.ApiKey), coordinator.Admissions[0].Scope);
        long firstBatch = (docs.Take(10).Sum(d => Encoding.UTF8.GetByteCount(d)) + 3) / 4;
        long lastBatch = (Encoding.UTF8.GetByteCount(docs[10]) + 3) / 4;
        Assert.Equal([lastBatch, firstBatch], coordinator.Admissions.Skip(1).Select(a => a.Tokens).Order().ToArray());
    }

    private sealed class AdmissionRecorder : QwenRateLimitCoordinator
    {
        public List<(string Scope, long Tokens)> Admissions { get; } = [];

        public override ValueTask<QwenRateLimitAdmission> AdmitAsync(string scope, long tokens, CancellationToken cancellationToken = default)
        {
            lock (Admissions)
            {
                Admissions.Add((scope, tokens));
            }

            return base.AdmitAsync(scope, tokens, cancellationToken);
        }
    }
}
