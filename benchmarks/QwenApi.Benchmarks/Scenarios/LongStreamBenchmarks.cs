using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>One long text stream of 20,000 chunks; results are per chunk.</summary>
public class LongStreamBenchmarks : ClientBenchmark
{
    private const int Chunks = 20_000;

    protected override string Payload => "text-20000";

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(OpenAIClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Qwen() => Clients.ConsumeAsync(QwenClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Floor() => Clients.ConsumeAsync(FloorClient);
}
