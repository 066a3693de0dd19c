using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>The long text stream with every chunk in OpenAI's property order (a re-serialising proxy); results are per chunk.</summary>
public class OpenAIOrderStreamBenchmarks : ClientBenchmark
{
    private const int Chunks = 20_000;

    protected override string Payload => "openai-20000";

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(OpenAIClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Qwen() => Clients.ConsumeAsync(QwenClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long> Floor() => Clients.ConsumeAsync(FloorClient);
}
