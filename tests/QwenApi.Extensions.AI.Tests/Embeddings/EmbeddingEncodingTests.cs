using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>
/// <c>encoding_format</c> against each behaviour a server may have (Qwen documents only <c>"float"</c>): base64 honoured,
/// ignored (numbers anyway) or refused with a 400. Every case must return the same vectors as a float request.
/// </summary>
public sealed class EmbeddingEncodingTests
{
    [Theory]
    [InlineData(SimulatorBase64Embeddings.Honor)]
    [InlineData(SimulatorBase64Embeddings.Ignore)]
    public async Task Generate_Base64AcceptedOrIgnored_SameVectorsAsFloat_NoExtraRequest(SimulatorBase64Embeddings server)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = server, ShuffleEmbeddings = true });
        using QwenEmbeddingGenerator base64 = EmbeddingClients.For(simulator);
        using QwenEmbeddingGenerator floats = EmbeddingClients.For(simulator, o => o.EmbeddingEncoding = QwenEmbeddingEncoding.Float);
        string[] docs = EmbeddingClients.Docs(23);

        GeneratedEmbeddings<Embedding<float>> fromBase64 = await base64.GenerateAsync(docs);
        Assert.Equal(["base64", "base64", "base64"], Formats(simulator));
        GeneratedEmbeddings<Embedding<float>> fromFloats = await floats.GenerateAsync(docs);

        Assert.Equal(["base64", "base64", "base64", "float", "float", "float"], Formats(simulator));
        AssertSameVectors(fromFloats, fromBase64);
        Assert.Equal(fromFloats.Usage?.InputTokenCount, fromBase64.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Generate_Base64Refused_ResendsAsFloatOnce_ThenAsksForFloatFromThenOn()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = SimulatorBase64Embeddings.Reject });
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxConcurrentEmbeddingRequests = 1);
        using QwenEmbeddingGenerator reference = EmbeddingClients.For(simulator, o => o.EmbeddingEncoding = QwenEmbeddingEncoding.Float);
        string[] docs = EmbeddingClients.Docs(21);

        GeneratedEmbeddings<Embedding<float>> first = await generator.GenerateAsync(docs);
        Assert.Equal(["base64", "float", "float", "float"], Formats(simulator));
        Assert.Equal(84, first.Usage?.InputTokenCount); // the refused request is not counted

        GeneratedEmbeddings<Embedding<float>> second = await generator.GenerateAsync(docs);
        Assert.Equal(["base64", "float", "float", "float", "float", "float", "float"], Formats(simulator));

        GeneratedEmbeddings<Embedding<float>> expected = await reference.GenerateAsync(docs);
        AssertSameVectors(expected, first);
        AssertSameVectors(expected, second);
    }

    [Fact]
    public async Task Generate_Base64RefusedWhileBatchesRunInParallel_EveryBatchSucceedsExactlyOnce()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = SimulatorBase64Embeddings.Reject });
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxConcurrentEmbeddingRequests = 4);
        string[] docs = EmbeddingClients.Docs(40);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(docs);

        // Each batch was refused at most once and then sent as float exactly once: nothing was dropped or sent twice.
        List<string[]> floatBatches = [.. EmbeddingClients.Batches(simulator).Where((_, i) => Formats(simulator)[i] == "float")];
        Assert.Equal(docs, floatBatches.OrderBy(b => b[0], StringComparer.Ordinal).SelectMany(b => b).ToArray());
        Assert.InRange(Formats(simulator).Count(f => f == "base64"), 1, 4);
        Assert.Equal(docs.Length, result.Count);
        Assert.Equal(160, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Generate_FloatConfigured_NeverAsksForBase64()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = SimulatorBase64Embeddings.Reject });
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.EmbeddingEncoding = QwenEmbeddingEncoding.Float);

        _ = await generator.GenerateAsync(EmbeddingClients.Docs(11));

        Assert.Equal(["float", "float"], Formats(simulator));
    }

    [Fact]
    public async Task Generate_OtherBadRequestWhileAskingForBase64_IsNotResent()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        QwenBadRequestException error = await Assert.ThrowsAsync<QwenBadRequestException>(
            () => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 100 }));

        Assert.Contains("dimension is invalid", error.Message, StringComparison.Ordinal);
        Assert.Equal(["base64"], Formats(simulator));

        _ = await generator.GenerateAsync(["a"]);
        Assert.Equal(["base64", "base64"], Formats(simulator));
    }

    [Fact]
    public void Options_UndefinedEncoding_IsRejectedNamingTheSetting()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new QwenEmbeddingGenerator(new QwenClientOptions { ApiKey = "sk-test-0123456789", EmbeddingEncoding = (QwenEmbeddingEncoding)7 }));

        Assert.Contains("QwenClientOptions.EmbeddingEncoding must be Base64 or Float (it is 7).", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Formats(QwenSimulator simulator) =>
        [.. simulator.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal))
            .Select(r => r.Json!.Value.GetProperty("encoding_format").GetString()!)];

    private static void AssertSameVectors(GeneratedEmbeddings<Embedding<float>> expected, GeneratedEmbeddings<Embedding<float>> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), actual[i].Vector.ToArray());
        }
    }
}
