using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;
using QwenApi.Benchmarks.Server;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>
/// The wire format alone, on the 10-vector payloads already in memory: how long does turning the decimals into floats take
/// (the inner loop of EmbeddingsResponseParser: <c>Utf8JsonReader.TryGetSingle</c> per value into a pre-sized array) next
/// to decoding base64 (<c>Base64.DecodeFromUtf8</c> straight into the float array)? Both walk the same JSON with
/// <see cref="Utf8JsonReader"/> and allocate one 4 KB array per vector; per call of 10 vectors.
/// </summary>
public class EmbeddingDecodeBenchmarks
{
    private byte[] _floats = null!;
    private byte[] _base64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyDictionary<string, Payload> all = Payloads.All();
        _floats = all["emb-10"].Bytes;
        _base64 = all["emb-10" + EmbeddingPayloads.Base64Suffix].Bytes;
        float[][] decimals = DecimalText(), base64 = Base64(), fast = FastDecimalText();
        for (int v = 0; v < 10; v++)
        {
            float[] expected = EmbeddingPayloads.Vector(v);
            if (!decimals[v].AsSpan().SequenceEqual(expected) || !base64[v].AsSpan().SequenceEqual(expected) || !fast[v].AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException($"A decoder disagrees with the payload on vector {v}.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public float[][] Base64()
    {
        var vectors = new float[10][];
        var reader = new Utf8JsonReader(_base64);
        int v = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8))
            {
                _ = reader.Read();
                float[] vector = new float[EmbeddingPayloads.Dimensions];
                OperationStatus status = System.Buffers.Text.Base64.DecodeFromUtf8(reader.ValueSpan, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out int written);
                if (status != OperationStatus.Done || written != vector.Length * sizeof(float))
                {
                    throw new JsonException("Bad base64.");
                }

                vectors[v++] = vector;
            }
        }

        return vectors;
    }

    [Benchmark]
    public float[][] DecimalText() => Decimals(fast: false);

    /// <summary>The same walk with the library's <see cref="QwenApi.Extensions.AI.JsonDecimal"/> (compiled in from src) in front of <c>TryGetSingle</c>.</summary>
    [Benchmark]
    public float[][] FastDecimalText() => Decimals(fast: true);

    private float[][] Decimals(bool fast)
    {
        var vectors = new float[10][];
        var reader = new Utf8JsonReader(_floats);
        int v = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8))
            {
                _ = reader.Read();
                float[] vector = new float[EmbeddingPayloads.Dimensions];
                int length = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    vector[length++] = (fast && QwenApi.Extensions.AI.JsonDecimal.TryParse(reader.ValueSpan, out float value)) || (reader.TryGetSingle(out value) && float.IsFinite(value))
                        ? value
                        : throw new JsonException("Bad number.");
                }

                vectors[v++] = vector;
            }
        }

        return vectors;
    }
}
