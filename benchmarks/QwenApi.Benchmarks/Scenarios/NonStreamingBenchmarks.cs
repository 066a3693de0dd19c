using BenchmarkDotNet.Attributes;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>
/// Non-streaming calls answered with a recorded qwen3-max body: <c>text-json</c> (a 4,700-character answer, 5.4 KB) or
/// <c>tool-json</c> (one tool call, 0.8 KB, where the per-call overhead dominates); results are per call.
/// </summary>
public class NonStreamingBenchmarks : ClientBenchmark
{
    [Params("text-json", "tool-json")]
    public string Body { get; set; } = "text-json";

    protected override string Payload => Body;

    [Benchmark(Baseline = true)]
    public Task<long> OpenAI() => Clients.GetAsync(OpenAIClient);

    [Benchmark]
    public Task<long> Qwen() => Clients.GetAsync(QwenClient);

    [Benchmark]
    public Task<long> Floor() => Clients.GetAsync(FloorClient);

    protected override void Verify() => Verification.Unary(QwenClient);
}
