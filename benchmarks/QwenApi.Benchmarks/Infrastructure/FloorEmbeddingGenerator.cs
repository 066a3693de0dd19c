using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// The embeddings floor: the least work that still hands back the vectors. HttpClient, a constant request body asking
/// for base64, the whole answer as bytes, and one <see cref="Utf8JsonReader"/> pass that decodes each <c>embedding</c>
/// in array order. No index matching, batching, model, usage, errors, timeouts or retries.
/// </summary>
public sealed class FloorEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _uri;

    public FloorEmbeddingGenerator(Uri endpoint, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _uri = new Uri(endpoint + "/embeddings");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Clients.ApiKey);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        byte[] request = Encoding.UTF8.GetBytes(
            "{\"model\":\"" + EmbeddingClients.Model + "\",\"input\":" + JsonSerializer.Serialize(values.ToArray()) + ",\"encoding_format\":\"base64\"}");
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(request) { Headers = { ContentType = s_json } } };
        using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Decode(body);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => _http.Dispose();

    private static GeneratedEmbeddings<Embedding<float>> Decode(byte[] body)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8) && reader.Read())
            {
                ReadOnlySpan<byte> text = reader.ValueSpan;
                float[] vector = new float[Base64.GetMaxDecodedFromUtf8Length(text.Length) / sizeof(float)];
                _ = Base64.DecodeFromUtf8(text, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out _);
                result.Add(new Embedding<float>(vector));
            }
        }

        return result;
    }
}
