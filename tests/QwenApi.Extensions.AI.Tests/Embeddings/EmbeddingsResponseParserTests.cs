using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>The <c>Utf8JsonReader</c> parser of embeddings lists: field orders, indexes, numbers, and what it refuses.</summary>
public sealed class EmbeddingsResponseParserTests
{
    [Fact]
    public void Parse_QwensFieldOrder_ReadsVectorsModelAndUsage()
    {
        EmbeddingBatch batch = Parse("""{"data":[{"embedding":[0.5,-0.25],"index":0,"object":"embedding"},{"embedding":[1,2],"index":1,"object":"embedding"}],"model":"text-embedding-v4","object":"list","usage":{"prompt_tokens":7,"total_tokens":7},"id":"73591b79"}""", 2, 2);

        Assert.Equal([0.5f, -0.25f], batch.Vectors[0]);
        Assert.Equal([1f, 2f], batch.Vectors[1]);
        Assert.Equal("text-embedding-v4", batch.Model);
        Assert.Equal(7, batch.PromptTokens);
        Assert.Equal(7, batch.TotalTokens);
    }

    [Fact]
    public void Parse_OpenAIFieldOrderIndexFirstUsageFirst_ReadsTheSame()
    {
        EmbeddingBatch batch = Parse("""{"object":"list","usage":{"total_tokens":3,"prompt_tokens":2},"model":"m","data":[{"object":"embedding","index":0,"embedding":[0.125]}]}""", 1, null);

        Assert.Equal([0.125f], batch.Vectors[0]);
        Assert.Equal(2, batch.PromptTokens);
        Assert.Equal(3, batch.TotalTokens);
    }

    [Fact]
    public void Parse_OutOfOrderIndexes_PlacesEachVectorAtItsIndex()
    {
        EmbeddingBatch batch = Parse("""{"data":[{"index":2,"embedding":[3]},{"index":0,"embedding":[1]},{"index":1,"embedding":[2]}]}""", 3, 1);

        Assert.Equal([[1f], [2f], [3f]], batch.Vectors);
    }

    [Theory]
    [InlineData("1e-5", 1e-5f)]
    [InlineData("-2.5E+2", -250f)]
    [InlineData("3.0e0", 3f)]
    [InlineData("-0.0695", -0.0695f)]
    public void Parse_NumbersInExponentForm_AreRead(string number, float expected)
    {
        EmbeddingBatch batch = Parse($$"""{"data":[{"index":0,"embedding":[{{number}}]}]}""", 1, 1);

        Assert.Equal(expected, Assert.Single(batch.Vectors[0]));
    }

    [Fact]
    public void Parse_VectorLongerOrShorterThanExpected_IsKeptAtItsRealLength()
    {
        Assert.Equal(3, Parse("""{"data":[{"index":0,"embedding":[1,2,3]}]}""", 1, 1).Vectors[0].Length);
        Assert.Equal(2, Parse("""{"data":[{"index":0,"embedding":[1,2]}]}""", 1, 8).Vectors[0].Length);
        Assert.Equal(1500, Parse("""{"data":[{"index":0,"embedding":[""" + string.Join(",", Enumerable.Repeat("0.1", 1500)) + "]}]}", 1, null).Vectors[0].Length);
    }

    [Fact]
    public void Parse_Base64Vectors_DecodeToTheSameFloatsAsNumbers()
    {
        float[] values = [0.5f, -0.25f, 1e-7f, -0.0695386752486229f, float.Epsilon, 3.4028235e38f];
        string base64 = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

        EmbeddingBatch batch = Parse($$$"""{"data":[{"index":1,"embedding":"{{{base64}}}"},{"index":0,"embedding":[0.5,-0.25]}],"usage":{"prompt_tokens":4,"total_tokens":4}}""", 2, 6);

        Assert.Equal(values, batch.Vectors[1]);
        Assert.Equal([0.5f, -0.25f], batch.Vectors[0]);
        Assert.Equal(4, batch.PromptTokens);
    }

    [Fact]
    public void Parse_Base64WithEscapedSlashes_IsUnescapedThenDecoded()
    {
        // 0xFFFFFF7F is NaN, so pick values whose bytes encode to '/' and '+' without being NaN: -1.7014117e38 is 0xFEFFFFFF.
        float[] values = [-1.7014117e38f, 1.5f];
        string base64 = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Assert.Contains('/', base64);

        EmbeddingBatch batch = Parse($$"""{"data":[{"index":0,"embedding":"{{base64.Replace("/", "\\/", StringComparison.Ordinal)}}"}]}""", 1, null);

        Assert.Equal(values, batch.Vectors[0]);
    }

    [Theory]
    [InlineData("""{"data":[{"index":0,"embedding":[1]}]}""", "no embedding with index 1")]
    [InlineData("""{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]}""", "two embeddings with index 0")]
    [InlineData("""{"data":[{"index":2,"embedding":[1]},{"index":0,"embedding":[2]}]}""", "index 2")]
    [InlineData("""{"data":[{"index":-1,"embedding":[1]},{"index":0,"embedding":[2]}]}""", "index -1")]
    [InlineData("""{"data":[{"index":0.5,"embedding":[1]},{"index":1,"embedding":[2]}]}""", "index 0.5")]
    [InlineData("""{"data":[{"embedding":[1]},{"index":1,"embedding":[2]}]}""", "no \"index\"")]
    [InlineData("""{"data":[{"index":0},{"index":1,"embedding":[2]}]}""", "no \"embedding\"")]
    [InlineData("""{"data":[{"index":0,"embedding":{}},{"index":1,"embedding":[2]}]}""", "neither an array of numbers nor base64 text")]
    [InlineData("""{"data":[{"index":0,"embedding":"AACAPw"},{"index":1,"embedding":[2]}]}""", "not base64 of whole float32 values")]
    [InlineData("""{"data":[{"index":0,"embedding":"AACA"},{"index":1,"embedding":[2]}]}""", "not base64 of whole float32 values")]
    [InlineData("""{"data":[{"index":0,"embedding":""},{"index":1,"embedding":[2]}]}""", "not base64 of whole float32 values")]
    [InlineData("""{"data":[{"index":0,"embedding":"AAC*Pw=="},{"index":1,"embedding":[2]}]}""", "not valid base64")]
    [InlineData("""{"data":[{"index":0,"embedding":"AADAfw=="},{"index":1,"embedding":[2]}]}""", "NaN at position 0, not a finite number")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,"x"]},{"index":1,"embedding":[2]}]}""", "\"x\" at position 1")]
    [InlineData("""{"data":[{"index":0,"embedding":[1e39]},{"index":1,"embedding":[2]}]}""", "not a finite number")]
    [InlineData("""{"data":[{"index":0,"embedding":[]},{"index":1,"embedding":[2]}]}""", "is empty")]
    [InlineData("""{"model":"m"}""", "no \"data\"")]
    [InlineData("""{"data":[]} {}""", "after a single JSON value")]
    [InlineData("""{"data":[{"index":0,"embedding":[1]}""", "Expected depth to be zero")]
    public void Parse_InvalidList_ThrowsJsonExceptionSayingWhy(string json, string expected)
    {
        JsonException error = Assert.ThrowsAny<JsonException>(() => Parse(json, 2, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorDocument_IsRecognised()
    {
        Assert.Same(EmbeddingBatch.ErrorDocument, Parse("""{"error":{"message":"boom","code":"InternalError"},"request_id":"r"}""", 1, null));
    }

    private static EmbeddingBatch Parse(string json, int count, int? dimensions) =>
        EmbeddingsResponseParser.Parse(Encoding.UTF8.GetBytes(json), count, dimensions);
}
