using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>Non-streaming calls answered with the recorded qwen3-max body (about 5 KB); results are per call.</summary>
public class NonStreamingBenchmarks : ClientBenchmark
{
    protected override string Payload => "text-json";

    [Benchmark(Baseline = true)]
    public Task<long> OpenAI() => Clients.GetAsync(OpenAIClient);

    [Benchmark]
    public Task<long> Qwen() => Clients.GetAsync(QwenClient);

    [Benchmark]
    public Task<long> Floor() => Clients.GetAsync(FloorClient);

    protected override void Verify() => Verification.Unary(QwenClient);
}
