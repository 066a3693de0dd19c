using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Embeddings;

/// <summary>The checks Qwen makes on an embeddings request, answered in its error shape (docs/embeddings-protocol.md).</summary>
public sealed class EmbeddingsValidationTests : SimulatorTestBase
{
    private const string Prefix = "<400> InternalError.Algo.InvalidParameter: ";

    [Fact]
    public async Task Embeddings_MoreThanTenInputs_Get400InQwensVerbatimForm()
    {
        string[] inputs = [.. Enumerable.Range(0, 11).Select(i => $"text {i}")];

        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(inputs));

        Assert.Equal(400, status);
        Assert.Equal(
            """{"message":"<400> InternalError.Algo.InvalidParameter: Value error, batch size is invalid, it should not be larger than 10.: input.contents","type":"InvalidParameter","param":null,"code":"InvalidParameter"}""",
            answer.GetProperty("error").GetRawText());
        Assert.Equal("sim-req-1", answer.GetProperty("request_id").GetString());
    }

    [Theory]
    [InlineData("""{"model":"text-embedding-v2","input":[LIST26]}""", "Value error, batch size is invalid, it should not be larger than 25.: input.contents")]
    [InlineData("""{"model":"text-embedding-v4","input":[]}""", "Value error, batch size is invalid, it should not be smaller than 1.: input.contents")]
    [InlineData("""{"model":"text-embedding-v4","input":""}""", "Value error, input text should not be empty.: input.contents[0]")]
    [InlineData("""{"model":"text-embedding-v4","input":["fine","  "]}""", "Value error, input text should not be empty.: input.contents[1]")]
    [InlineData("""{"model":"text-embedding-v4"}""", "Value error, input must be a string or an array of strings.: input.contents")]
    [InlineData("""{"model":"text-embedding-v4","input":[[1,2,3]]}""", "Value error, input must be a string or an array of strings.: input.contents")]
    [InlineData("""{"model":"text-embedding-v4","input":"hi","dimensions":300}""", "Value error, dimension is invalid, it should be one of [2048, 1536, 1024, 768, 512, 256, 128, 64] for text-embedding-v4.: parameters.dimension")]
    [InlineData("""{"model":"text-embedding-v3","input":"hi","dimensions":2048}""", "Value error, dimension is invalid, it should be one of [1024, 768, 512] for text-embedding-v3.: parameters.dimension")]
    [InlineData("""{"model":"text-embedding-v4","input":"hi","dimensions":"1024"}""", "Value error, dimension is invalid, it should be one of [2048, 1536, 1024, 768, 512, 256, 128, 64] for text-embedding-v4.: parameters.dimension")]
    [InlineData("""{"model":"text-embedding-v4","input":"hi","encoding_format":"int8"}""", "Value error, encoding_format should be one of [float, base64].: encoding_format")]
    public async Task Embeddings_InvalidBody_Gets400InvalidParameter(string body, string message)
    {
        body = body.Replace("LIST26", string.Join(",", Enumerable.Repeat("\"x\"", 26)), StringComparison.Ordinal);

        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, body);

        Assert.Equal(400, status);
        JsonElement error = answer.GetProperty("error");
        Assert.Equal((Prefix + message, "InvalidParameter", "InvalidParameter"), (error.GetProperty("message").GetString(), error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Embeddings_InputOverTheTokenLimit_Gets400()
    {
        string longText = string.Join(' ', Enumerable.Repeat("word", 8193));

        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["short", longText]));

        Assert.Equal(400, status);
        Assert.Equal(Prefix + "Range of input length should be [1, 8192]: input.contents[1]", answer.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Embeddings_UnknownModel_Gets404ModelNotFound()
    {
        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["hi"], model: "qwen-plus"));

        Assert.Equal(404, status);
        Assert.Equal("model_not_found", answer.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_WrongKey_Gets401InvalidApiKey()
    {
        (int status, JsonElement answer) = await EmbeddingsHttp.SendAsync(Client, Simulator, EmbeddingsHttp.Body(["hi"]), apiKey: "wrong");

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", answer.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_Get_Gets405()
    {
        using HttpResponseMessage response = await Client.GetAsync(new Uri(Simulator.Endpoint + "/embeddings"));

        Assert.Equal(405, (int)response.StatusCode);
    }
}
