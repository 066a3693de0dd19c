using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>One tool call streamed as 1,000 chunks of argument fragments (Qwen's id/name quirks); results are per chunk.</summary>
public class ToolCallStreamBenchmarks : ClientBenchmark
{
    private const int Chunks = 1_000;

    protected override string Payload => "tool-1000";

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(OpenAIClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Qwen() => Clients.ConsumeAsync(QwenClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Floor() => Clients.ConsumeAsync(FloorClient);
}
