using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>
/// The same three clients over <see cref="InMemoryHandler"/>: the client's own cost without the socket and the server.
/// Results are per request: <c>text-1000</c> (divide by 1,000) is dominated by the per-chunk cost, <c>text-20</c> shows the
/// per-call cost on top of 20 chunks, <c>openai-1000</c> is <c>text-1000</c> in OpenAI's property order.
/// </summary>
public class InMemoryStreamBenchmarks
{
    private static readonly Uri s_endpoint = new("http://127.0.0.1:1/v1");

    private IChatClient _qwen = null!;
    private IChatClient _openAI = null!;
    private FloorClient _floor = null!;

    [Params("text-1000", "openai-1000", "text-20")]
    public string Payload { get; set; } = "text-1000";

    [GlobalSetup]
    public void Setup()
    {
        QwenApi.Benchmarks.Server.Payload payload = QwenApi.Benchmarks.Server.Payloads.All()[Payload]; // built once, served to all three
        _qwen = Clients.Qwen(s_endpoint, new InMemoryHandler(payload));
        _openAI = Clients.OpenAI(s_endpoint, new InMemoryHandler(payload));
        _floor = new FloorClient(s_endpoint, new InMemoryHandler(payload));
        Verification.Stream(_qwen);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _qwen.Dispose();
        _openAI.Dispose();
        _floor.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(_openAI);

    [Benchmark]
    public Task<long> Qwen() => Clients.ConsumeAsync(_qwen);

    [Benchmark]
    public Task<long> Floor() => Clients.ConsumeAsync(_floor);
}
