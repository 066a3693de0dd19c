using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using QwenApi.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// The embedding generators, built as a user would build them: <see cref="QwenEmbeddingGenerator"/> with its defaults (asks
/// for <c>encoding_format: "base64"</c>) or with <see cref="QwenEmbeddingEncoding.Float"/>, and MEAI's
/// <c>OpenAIEmbeddingGenerator</c> (the SDK asks for base64).
/// </summary>
public static class EmbeddingClients
{
    public const string Model = "text-embedding-v4";

    /// <summary>Ten short inputs; a call sends the first <c>n</c> of them (one request either way: v4 takes up to 10).</summary>
    private static readonly string[] s_inputs =
    [
        "The Festival of Shared Stories", "Taleweave Day", "the first full moon after the autumn equinox",
        "a deliberate counter to isolation", "gathering as nights grow longer", "the power of human connection",
        "sharing personal stories", "vulnerability, growth, or unexpected kindness", "introspection", "lanterns and bread",
    ];

    public static string[] Inputs(int count) => s_inputs[..count];

    public static IEmbeddingGenerator<string, Embedding<float>> Qwen(Uri endpoint, QwenEmbeddingEncoding encoding = QwenEmbeddingEncoding.Base64) =>
        new QwenEmbeddingGenerator(new QwenClientOptions { ApiKey = Clients.ApiKey, Endpoint = endpoint, EmbeddingModelId = Model, EmbeddingEncoding = encoding });

    public static IEmbeddingGenerator<string, Embedding<float>> OpenAI(Uri endpoint) =>
        new OpenAIClient(new ApiKeyCredential(Clients.ApiKey), new OpenAIClientOptions { Endpoint = endpoint })
            .GetEmbeddingClient(Model).AsIEmbeddingGenerator();

    /// <summary>QwenEmbeddingGenerator over a supplied handler (the in-memory benchmarks).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Qwen(Uri endpoint, HttpMessageHandler handler, QwenEmbeddingEncoding encoding = QwenEmbeddingEncoding.Base64) =>
        new QwenEmbeddingGenerator(
            new QwenClientOptions { ApiKey = Clients.ApiKey, Endpoint = endpoint, EmbeddingModelId = Model, EmbeddingEncoding = encoding },
            new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>OpenAIEmbeddingGenerator over a supplied handler, through its own pipeline transport.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> OpenAI(Uri endpoint, HttpMessageHandler handler) =>
        new OpenAIClient(new ApiKeyCredential(Clients.ApiKey), new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }),
        }).GetEmbeddingClient(Model).AsIEmbeddingGenerator();

    /// <summary>One call for <paramref name="inputs"/> vectors, touching each as a user would (its length). Returns the sum.</summary>
    public static async Task<long> GenerateAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string[] inputs)
    {
        long length = 0;
        foreach (Embedding<float> embedding in await generator.GenerateAsync(inputs))
        {
            length += embedding.Vector.Length;
        }

        return length;
    }
}
