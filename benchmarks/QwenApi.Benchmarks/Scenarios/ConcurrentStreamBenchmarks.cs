using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using QwenApi.Benchmarks.Infrastructure;

namespace QwenApi.Benchmarks.Scenarios;

/// <summary>64 text streams of 1,000 chunks at once through one shared client; results are per chunk.</summary>
public class ConcurrentStreamBenchmarks : ClientBenchmark
{
    private const int Streams = 64;
    private const int Chunks = Streams * 1_000;

    protected override string Payload => "text-1000";

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks)]
    public Task<long[]> OpenAI() => RunAll(OpenAIClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long[]> Qwen() => RunAll(QwenClient);

    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<long[]> Floor()
    {
        var tasks = new Task<long>[Streams];
        for (int i = 0; i < Streams; i++)
        {
            tasks[i] = Task.Run(() => Clients.ConsumeAsync(FloorClient));
        }

        return Task.WhenAll(tasks);
    }

    private static Task<long[]> RunAll(IChatClient client)
    {
        var tasks = new Task<long>[Streams];
        for (int i = 0; i < Streams; i++)
        {
            tasks[i] = Task.Run(() => Clients.ConsumeAsync(client));
        }

        return Task.WhenAll(tasks);
    }
}
