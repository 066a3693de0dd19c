using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace QwenApi.Benchmarks.Server;

/// <summary>
/// Embeddings lists of <see cref="Dimensions"/>-long vectors in Qwen's field order
/// (<c>data[{embedding,index,object}], model, object, usage, id</c>, docs/embeddings-protocol.md). <c>emb-{n}</c> writes
/// each value as a decimal with 10 significant digits, as the service does (about 14 bytes a value); <c>emb-{n}-base64</c>
/// holds the same values as little-endian float32 in base64, what OpenAI sends for <c>encoding_format: "base64"</c>.
/// Both parse to the same floats (<see cref="Vector"/>), so the clients can be checked against each other.
/// </summary>
internal static class EmbeddingPayloads
{
    public const int Dimensions = 1024;

    /// <summary>The suffix of the base64 twin of a payload; the server answers with it when the request asks for base64.</summary>
    public const string Base64Suffix = "-base64";

    public static void AddTo(Dictionary<string, Payload> all)
    {
        foreach (int inputs in new[] { 1, 10 })
        {
            all["emb-" + inputs] = Body(inputs, base64: false);
            all["emb-" + inputs + Base64Suffix] = Body(inputs, base64: true);
        }
    }

    /// <summary>The floats of vector <paramref name="index"/> as a client must return them.</summary>
    public static float[] Vector(int index)
    {
        string[] text = Decimals(index);
        var vector = new float[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            vector[i] = float.Parse(text[i], CultureInfo.InvariantCulture);
        }

        return vector;
    }

    /// <summary>Unit-length-ish vectors (components about ±1/32) from a fixed seed per index, 10 significant digits each.</summary>
    private static string[] Decimals(int index)
    {
        var random = new Random(1_000 + index);
        var text = new string[Dimensions];
        for (int i = 0; i < text.Length; i++)
        {
            // Box-Muller: normal components, as a normalised embedding has.
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            text[i] = (normal / 32).ToString("G10", CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static Payload Body(int inputs, bool base64)
    {
        var json = new StringBuilder("{\"data\":[");
        for (int v = 0; v < inputs; v++)
        {
            json.Append(v == 0 ? "" : ",").Append("{\"embedding\":");
            if (base64)
            {
                float[] vector = Vector(v);
                byte[] bytes = new byte[vector.Length * sizeof(float)];
                for (int i = 0; i < vector.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
                }

                json.Append('"').Append(Convert.ToBase64String(bytes)).Append('"');
            }
            else
            {
                json.Append('[').AppendJoin(',', Decimals(v)).Append(']');
            }

            json.Append(",\"index\":").Append(v).Append(",\"object\":\"embedding\"}");
        }

        int tokens = 9 * inputs;
        json.Append("],\"model\":\"text-embedding-v4\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":").Append(tokens)
            .Append(",\"total_tokens\":").Append(tokens).Append("},\"id\":\"73591b79-d194-9bca-8bb5-a2d0ff2c8a4b\"}");
        return new Payload("application/json", Encoding.UTF8.GetBytes(json.ToString()));
    }
}
