using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Posts to a simulator's <c>/embeddings</c> with a plain <see cref="HttpClient"/> and reads the answer.</summary>
internal static class EmbeddingsHttp
{
    /// <summary>A <c>text-embedding-v4</c> body for <paramref name="inputs"/>; the members of <paramref name="extra"/> are added.</summary>
    public static string Body(string[] inputs, string extra = "", string model = "text-embedding-v4")
    {
        string members = $"\"model\":\"{model}\",\"input\":{JsonSerializer.Serialize(inputs)}";
        return "{" + members + (extra.Length > 0 ? "," + extra.Trim()[1..^1] : string.Empty) + "}";
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, QwenSimulator simulator, string body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.Endpoint + "/embeddings"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? simulator.ApiKey);
        return await client.SendAsync(request);
    }

    /// <summary>Posts and returns the status and the parsed body.</summary>
    public static async Task<(int Status, JsonElement Json)> SendAsync(HttpClient client, QwenSimulator simulator, string body, string? apiKey = null)
    {
        using HttpResponseMessage response = await PostAsync(client, simulator, body, apiKey);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Gets the vectors of a 200 answer by <c>index</c>.</summary>
    public static float[][] Vectors(JsonElement answer)
    {
        JsonElement[] data = [.. answer.GetProperty("data").EnumerateArray()];
        var vectors = new float[data.Length][];
        foreach (JsonElement item in data)
        {
            JsonElement embedding = item.GetProperty("embedding");
            vectors[item.GetProperty("index").GetInt32()] = embedding.ValueKind == JsonValueKind.String
                ? Decode(embedding.GetBytesFromBase64())
                : [.. embedding.EnumerateArray().Select(v => v.GetSingle())];
        }

        return vectors;
    }

    public static double Cosine(float[] a, float[] b) =>
        a.Zip(b, (x, y) => (double)x * y).Sum() / (Norm(a) * Norm(b));

    public static double Norm(float[] vector) => Math.Sqrt(vector.Sum(v => (double)v * v));

    private static float[] Decode(byte[] bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }
}
