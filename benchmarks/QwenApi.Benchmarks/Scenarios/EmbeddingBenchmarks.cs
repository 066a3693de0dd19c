using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using QwenApi.Benchmarks.Infrastructure;
using QwenApi.Extensions.AI;
using QwenApi.Benchmarks.Server;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>
/// One embeddings call of <see cref="Inputs"/> inputs (1,024-dimension vectors, one request), QwenEmbeddingGenerator
/// (its default, base64, and with <see cref="QwenEmbeddingEncoding.Float"/>) against MEAI's OpenAIEmbeddingGenerator. Each
/// gets the encoding it asks for: base64 (<c>emb-{n}-base64</c>, ~5.5 KB a vector) or decimals (<c>emb-{n}</c>, ~14.6 KB). <see cref="Transport"/> <c>loopback</c> is the
/// payload server; <c>memory</c> is an in-process handler (no socket), the client's own cost. Results are per call:
/// divide by <see cref="Inputs"/> for per vector.
/// </summary>
public class EmbeddingBenchmarks
{
    private ServerProcess? _server;
    private IEmbeddingGenerator<string, Embedding<float>> _qwen = null!;
    private IEmbeddingGenerator<string, Embedding<float>> _qwenFloat = null!;
    private IEmbeddingGenerator<string, Embedding<float>> _openAI = null!;
    private string[] _inputs = null!;

    [Params("loopback", "memory")]
    public string Transport { get; set; } = "loopback";

    [Params(1, 10)]
    public int Inputs { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = EmbeddingClients.Inputs(Inputs);
        string payload = "emb-" + Inputs;
        if (Transport == "memory")
        {
            var endpoint = new Uri("http://127.0.0.1:1/v1");
            IReadOnlyDictionary<string, Payload> all = Payloads.All();
            var qwenHandler = new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix]);
            var floatHandler = new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix]);
            var openAIHandler = new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix]);
            _qwen = EmbeddingClients.Qwen(endpoint, qwenHandler);
            _qwenFloat = EmbeddingClients.Qwen(endpoint, floatHandler, QwenEmbeddingEncoding.Float);
            _openAI = EmbeddingClients.OpenAI(endpoint, openAIHandler);
            Verification.Embeddings(_qwen, _openAI, Inputs);
            Verification.Embeddings(_qwenFloat, _openAI, Inputs);
            if (!qwenHandler.ServesBase64 || floatHandler.ServesBase64 || !openAIHandler.ServesBase64)
            {
                throw new InvalidOperationException("Expected Qwen's default and the OpenAI SDK to ask for base64, and Qwen with Float for floats.");
            }
        }
        else
        {
            _server = ServerProcess.Start();
            Uri endpoint = _server.Endpoint(payload);
            _qwen = EmbeddingClients.Qwen(endpoint);
            _qwenFloat = EmbeddingClients.Qwen(endpoint, QwenEmbeddingEncoding.Float);
            _openAI = EmbeddingClients.OpenAI(endpoint);
            Verification.Embeddings(_qwen, _openAI, Inputs);
            Verification.Embeddings(_qwenFloat, _openAI, Inputs);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _qwen?.Dispose();
        _qwenFloat?.Dispose();
        _openAI?.Dispose();
        _server?.Dispose();
        _server = null;
    }

    [Benchmark(Baseline = true)]
    public Task<long> OpenAI() => EmbeddingClients.GenerateAsync(_openAI, _inputs);

    [Benchmark]
    public Task<long> Qwen() => EmbeddingClients.GenerateAsync(_qwen, _inputs);

    [Benchmark]
    public Task<long> QwenFloat() => EmbeddingClients.GenerateAsync(_qwenFloat, _inputs);
}
