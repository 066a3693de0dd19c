using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>A thinking stream of 2,000 chunks: half <c>reasoning_content</c>, then the answer; results are per chunk.</summary>
public class ReasoningStreamBenchmarks : ClientBenchmark
{
    private const int Chunks = 2_000;

    protected override string Payload => "reasoning-2000";

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(OpenAIClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Qwen() => Clients.ConsumeAsync(QwenClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Floor() => Clients.ConsumeAsync(FloorClient);
}
