using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>Many short text streams of 20 chunks, one after another; results are per request.</summary>
public class ShortStreamBenchmarks : ClientBenchmark
{
    protected override string Payload => "text-20";

    [Benchmark(Baseline = true)]
    public Task<long> OpenAI() => Clients.ConsumeAsync(OpenAIClient);

    [Benchmark]
    public Task<long> Qwen() => Clients.ConsumeAsync(QwenClient);

    [Benchmark]
    public Task<long> Floor() => Clients.ConsumeAsync(FloorClient);
}
