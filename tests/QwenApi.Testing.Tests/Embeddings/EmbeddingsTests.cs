using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c> (issue 18): Qwen's answer shape, deterministic unit vectors that put related texts close,
/// the models' dimensions, <c>index</c> order and usage, over real HTTP.
/// </summary>
public sealed class EmbeddingsTests : SimulatorTestBase
{
    [Fact]
    public async Task Embeddings_OneString_AnswersInQwensShape()
    {
        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, """{"model":"text-embedding-v4","input":"hello world"}""");

        Assert.Equal(200, status);
        Assert.Equal(["data", "model", "object", "usage", "id"], answer.EnumerateObject().Select(p => p.Name));
        JsonElement item = Assert.Single(answer.GetProperty("data").EnumerateArray());
        Assert.Equal(["embedding", "index", "object"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal((0, "embedding", 1024), (item.GetProperty("index").GetInt32(), item.GetProperty("object").GetString(), item.GetProperty("embedding").GetArrayLength()));
        Assert.Equal(("text-embedding-v4", "list", "sim-req-1"), (answer.GetProperty("model").GetString(), answer.GetProperty("object").GetString(), answer.GetProperty("id").GetString()));
        Assert.Equal("""{"prompt_tokens":2,"total_tokens":2}""", answer.GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Embeddings_SameText_GetTheSameUnitVectorInEveryRequestAndPosition()
    {
        (_, JsonElement first) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["The cat sat on the mat."]));
        (_, JsonElement second) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["Other text", "The cat sat on the mat."]));

        float[] alone = EmbeddingsHttp.Vectors(first)[0];
        Assert.Equal(alone, EmbeddingsHttp.Vectors(second)[1]);
        Assert.InRange(EmbeddingsHttp.Norm(alone), 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(EmbeddingsHttp.Norm(EmbeddingsHttp.Vectors(second)[0]), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public async Task Embeddings_TextsSharingWords_AreNearestNeighbours()
    {
        string[] documents = ["Stock prices fell sharply on Monday.", "The cat sat on a mat.", "A dog chased the red ball in the park.", "Quarterly revenue grew."];
        (_, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["the cat sat on the mat", .. documents]));

        float[][] vectors = EmbeddingsHttp.Vectors(answer);
        double[] similarity = [.. vectors.Skip(1).Select(v => EmbeddingsHttp.Cosine(vectors[0], v))];
        string all = string.Join(", ", similarity);
        Assert.Equal(1, Array.IndexOf(similarity, similarity.Max()));
        Assert.True(similarity[1] > 0.5, $"the shared-words text is close: {all}");
        Assert.True(similarity[1] > similarity[2] && similarity[2] > similarity[3], $"more shared words, closer: {all}");
        Assert.True(Math.Abs(similarity[3]) < 0.15, $"the unrelated text is nearly orthogonal: {all}");
    }

    [Theory]
    [InlineData("text-embedding-v4", null, 1024)]
    [InlineData("text-embedding-v4", 2048, 2048)]
    [InlineData("text-embedding-v4", 64, 64)]
    [InlineData("text-embedding-v3", null, 1024)]
    [InlineData("text-embedding-v3", 512, 512)]
    [InlineData("text-embedding-v2", 512, 1536)] // v1 and v2 ignore dimensions
    public async Task Embeddings_Dimensions_FollowTheModel(string model, int? dimensions, int expected)
    {
        string extra = dimensions is { } d ? $$"""{"dimensions":{{d}}}""" : "";
        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["hello"], extra, model));

        Assert.Equal(200, status);
        Assert.Equal(expected, EmbeddingsHttp.Vectors(answer)[0].Length);
    }

    [Fact]
    public async Task Embeddings_FewerDimensions_AreTheNormalisedPrefixOfMore()
    {
        (_, JsonElement full) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["hello world"], """{"dimensions":1024}"""));
        (_, JsonElement small) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["hello world"], """{"dimensions":256}"""));

        float[] prefix = [.. EmbeddingsHttp.Vectors(full)[0].Take(256)];
        Assert.InRange(EmbeddingsHttp.Cosine(prefix, EmbeddingsHttp.Vectors(small)[0]), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public async Task Embeddings_Usage_CountsTheTokensOfEveryInput()
    {
        (_, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["one two three", "four five"]));

        Assert.Equal("""{"prompt_tokens":5,"total_tokens":5}""", answer.GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Embeddings_Base64_DecodesToTheFloatVectors()
    {
        string[] inputs = ["alpha beta", "gamma"];
        (_, JsonElement floats) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(inputs, """{"encoding_format":"float"}"""));
        (int status, JsonElement base64) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(inputs, """{"encoding_format":"base64"}"""));

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.String, base64.GetProperty("data")[0].GetProperty("embedding").ValueKind);
        Assert.Equal(EmbeddingsHttp.Vectors(floats), EmbeddingsHttp.Vectors(base64));
    }

    [Fact]
    public async Task Embeddings_Base64Ignored_AnswersNumbers()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = SimulatorBase64Embeddings.Ignore });
        string[] inputs = ["alpha beta", "gamma"];

        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, simulator, EmbeddingsHttp.Body(inputs, """{"encoding_format":"base64"}"""));
        (_, JsonElement floats) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(inputs));

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("data")[0].GetProperty("embedding").ValueKind);
        Assert.Equal(EmbeddingsHttp.Vectors(floats), EmbeddingsHttp.Vectors(answer));
    }

    [Fact]
    public async Task Embeddings_Base64Rejected_Answers400NamingTheField_FloatStillServed()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Base64Embeddings = SimulatorBase64Embeddings.Reject });

        (int status, JsonElement error) = await EmbeddingsHttp.SendAsync(Client, simulator, EmbeddingsHttp.Body(["alpha"], """{"encoding_format":"base64"}"""));
        (int floatStatus, _) = await EmbeddingsHttp.SendAsync(Client, simulator, EmbeddingsHttp.Body(["alpha"], """{"encoding_format":"float"}"""));

        Assert.Equal(400, status);
        Assert.Equal(
            """{"message":"<400> InternalError.Algo.InvalidParameter: Value error, encoding_format should be float.: encoding_format","type":"InvalidParameter","param":null,"code":"InvalidParameter"}""",
            error.GetProperty("error").GetRawText());
        Assert.Equal(200, floatStatus);
    }

    [Fact]
    public async Task Embeddings_AreRecorded_WithTheirInputs()
    {
        await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["a", "b"]));

        SimulatorRequest request = Assert.Single(Simulator.Requests);
        Assert.Equal(("POST", "/v1/embeddings", 2), (request.Method, request.Path, request.Json!.Value.GetProperty("input").GetArrayLength()));
    }
}
