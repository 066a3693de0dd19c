using System.Text.Json;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>Splitting, ordering, dimensions and usage, over loopback HTTP against the simulator.</summary>
public sealed class EmbeddingBatchingTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(10, new[] { 10 })]
    [InlineData(11, new[] { 10, 1 })]
    [InlineData(25, new[] { 10, 10, 5 })]
    public async Task Generate_V4_SplitsIntoRequestsOfTenInInputOrder(int count, int[] sizes)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);
        string[] docs = EmbeddingClients.Docs(count);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(docs);

        List<string[]> batches = EmbeddingClients.Batches(simulator);
        Assert.Equal(sizes, batches.Select(b => b.Length).Order().Reverse().ToArray());
        Assert.Equal(docs, batches.OrderBy(b => b[0], StringComparer.Ordinal).SelectMany(b => b).ToArray());
        Assert.Equal(count, result.Count);
        Assert.All(result, e => Assert.Equal(1024, e.Vector.Length));
        Assert.All(result, e => Assert.Equal("text-embedding-v4", e.ModelId));
        Assert.All(result, e => Assert.NotNull(e.CreatedAt));
        await AssertSameAsOneByOneAsync(generator, docs, result);
    }

    [Fact]
    public async Task Generate_V2_SplitsIntoRequestsOfTwentyFive()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.EmbeddingModelId = "text-embedding-v2");

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(EmbeddingClients.Docs(26));

        Assert.Equal([1, 25], EmbeddingClients.Batches(simulator).Select(b => b.Length).Order().ToArray());
        Assert.All(result, e => Assert.Equal(1536, e.Vector.Length));
    }

    [Fact]
    public async Task Generate_ShuffledData_PairsByIndexNotPosition()
    {
        await using QwenSimulator shuffled = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ShuffleEmbeddings = true });
        await using QwenSimulator ordered = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator fromShuffled = EmbeddingClients.For(shuffled);
        using QwenEmbeddingGenerator fromOrdered = EmbeddingClients.For(ordered);
        string[] docs = EmbeddingClients.Docs(23);

        GeneratedEmbeddings<Embedding<float>> a = await fromShuffled.GenerateAsync(docs);
        GeneratedEmbeddings<Embedding<float>> b = await fromOrdered.GenerateAsync(docs);

        Assert.Equal(docs.Length, a.Count);
        for (int i = 0; i < docs.Length; i++)
        {
            Assert.Equal(b[i].Vector.ToArray(), a[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Generate_Dimensions_SentAndHonoured_WithEncodingFormatBase64ByDefault()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["alpha", "beta"], new EmbeddingGenerationOptions { Dimensions = 256 });

        JsonElement body = Assert.Single(simulator.Requests).Json!.Value;
        Assert.Equal(256, body.GetProperty("dimensions").GetInt32());
        Assert.Equal("base64", body.GetProperty("encoding_format").GetString());
        Assert.Equal("text-embedding-v4", body.GetProperty("model").GetString());
        Assert.All(result, e => Assert.Equal(256, e.Vector.Length));
    }

    [Fact]
    public async Task Generate_OptionsModelAndAdditionalProperties_GoToTheWire()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.EmbeddingDimensions = 512);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(
            ["alpha"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v3", AdditionalProperties = new() { ["user"] = "u-1" } });

        JsonElement body = Assert.Single(simulator.Requests).Json!.Value;
        Assert.Equal("text-embedding-v3", body.GetProperty("model").GetString());
        Assert.Equal(512, body.GetProperty("dimensions").GetInt32());
        Assert.Equal("u-1", body.GetProperty("user").GetString());
        Assert.Equal("text-embedding-v3", Assert.Single(result).ModelId);
        Assert.Equal(512, result[0].Vector.Length);
    }

    [Fact]
    public async Task Generate_RawRepresentationFactory_FieldsGoToEveryBatch_AndReplaceDimensions()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);
        IEmbeddingGenerator? seen = null;
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 1024,
            AdditionalProperties = new() { ["user"] = "from-additional", ["text_type"] = "document" },
            RawRepresentationFactory = g => { seen = g; return new System.Text.Json.Nodes.JsonObject { ["dimensions"] = 128, ["user"] = "from-raw" }; },
        };

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(EmbeddingClients.Docs(11), options);

        Assert.Same(generator, seen);
        Assert.Equal(2, simulator.Requests.Count);
        Assert.All(simulator.Requests, r =>
        {
            JsonElement body = r.Json!.Value;
            Assert.Equal(128, body.GetProperty("dimensions").GetInt32());
            Assert.Equal("from-raw", body.GetProperty("user").GetString()); // the raw object wins, as in chat
            Assert.Equal("document", body.GetProperty("text_type").GetString());
            Assert.Single(body.EnumerateObject(), p => p.Name == "dimensions");
        });
        Assert.All(result, e => Assert.Equal(128, e.Vector.Length));
    }

    [Fact]
    public async Task Generate_RawRepresentationFactory_ReservedFieldOrUnknownType_ThrowsBeforeSending()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        ArgumentException reserved = Assert.Throws<ArgumentException>(() =>
        {
            _ = generator.GenerateAsync(["a"], new() { RawRepresentationFactory = _ => new Dictionary<string, object?> { ["input"] = "b" } });
        });
        NotSupportedException unknown = Assert.Throws<NotSupportedException>(() =>
        {
            _ = generator.GenerateAsync(["a"], new() { RawRepresentationFactory = _ => "dimensions=64" });
        });

        Assert.Equal("The RawRepresentationFactory result sets \"input\", which the client writes itself: use EmbeddingGenerationOptions.ModelId for the model, the values argument for the input and QwenClientOptions.EmbeddingEncoding for the encoding. (Parameter 'options')", reserved.Message);
        Assert.Equal("EmbeddingGenerationOptions.RawRepresentationFactory returned a System.String; QwenEmbeddingGenerator accepts a JsonObject, a JsonElement holding an object, or an IDictionary<string, object?> whose entries become top-level request fields.", unknown.Message);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task Generate_Usage_IsSummedOverBatches()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);
        string[] docs = EmbeddingClients.Docs(21); // "doc-000 about topic 0": 4 words each

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(docs);

        Assert.Equal(3, simulator.Requests.Count);
        Assert.Equal(84, result.Usage?.InputTokenCount);
        Assert.Equal(84, result.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Generate_NoInputs_ReturnsEmptyWithoutARequest()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([]);

        Assert.Empty(result);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task Generate_NearestNeighbour_IsTheTextSharingWords()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);
        string[] corpus = ["the cat sat on the mat", "stock markets fell sharply today", "a recipe for tomato soup", "quantum computing with qubits"];

        GeneratedEmbeddings<Embedding<float>> docs = await generator.GenerateAsync(corpus);
        Embedding<float> query = await generator.GenerateAsync("where did the cat sit on the mat");

        int nearest = Enumerable.Range(0, corpus.Length).MaxBy(i => EmbeddingClients.Cosine(query.Vector, docs[i].Vector));
        Assert.Equal(0, nearest);
    }

    [Fact]
    public async Task Generate_NullInput_ThrowsBeforeSending()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        ArgumentException error = Assert.Throws<ArgumentException>(() => { _ = generator.GenerateAsync(["a", null!]); });
        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => { _ = generator.GenerateAsync(["a"], new() { AdditionalProperties = new() { ["encoding_format"] = "base64" } }); });
        Assert.Empty(simulator.Requests);
    }

    /// <summary>Every vector equals the one the same text gets alone: nothing was shifted, dropped or duplicated.</summary>
    private static async Task AssertSameAsOneByOneAsync(QwenEmbeddingGenerator generator, string[] docs, GeneratedEmbeddings<Embedding<float>> result)
    {
        foreach (int i in new[] { 0, docs.Length / 2, docs.Length - 1 })
        {
            Embedding<float> alone = await generator.GenerateAsync(docs[i]);
            Assert.Equal(alone.Vector.ToArray(), result[i].Vector.ToArray());
        }
    }
}
