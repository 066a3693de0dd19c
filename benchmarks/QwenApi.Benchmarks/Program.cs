using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

// Full run (about 10-15 minutes on 2 cores):
//   dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --filter '*'
// Smoke check (one iteration of each, a minute or two):
//   dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --filter '*' --smoke
// CPU time and bytes per unit, robust to other load on the machine (a minute or two):
//   dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --cpu [payload-filter]
if (args.Length > 0 && args[0] == "--loop")
{
    // For a profiler (dotnet-trace, dotnet-counters): one payload and one client, again and again, for a while.
    //   dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --loop text-20 qwen 20
    await QwenApi.Benchmarks.Infrastructure.CpuProfile.LoopAsync(args[1], args[2], TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)));
    return;
}

if (args.Length > 0 && args[0] == "--min")
{
    // Fastest and median in-memory request of QwenChatClient and the floor, alternating (robust to other load):
    //   dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --min text-1000 openai-1000
    await QwenApi.Benchmarks.Infrastructure.InMemoryMinimum.RunAsync(args[1..], 3_000);
    return;
}

if (args.Length > 0 && args[0] == "--cpu-embeddings")
{
    // Embeddings, per vector: dotnet run -c Release --project benchmarks/QwenApi.Benchmarks -- --cpu-embeddings
    await QwenApi.Benchmarks.Infrastructure.EmbeddingCpuProfile.RunAsync(TimeSpan.FromSeconds(3));
    return;
}

if (args.Length > 0 && args[0] == "--cpu")
{
    await QwenApi.Benchmarks.Infrastructure.CpuProfile.RunAsync(TimeSpan.FromSeconds(3), args.Length > 1 ? args[1] : null);
    return;
}

bool smoke = args.Contains("--smoke");
string[] rest = args.Where(a => a != "--smoke").ToArray();

Job job = smoke
    ? Job.Dry.WithId("Smoke")
    : Job.Default
        .WithId("Short")
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(8)
        .WithIterationTime(TimeInterval.FromMilliseconds(400));

IConfig config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.OperationsPerSecond)
    .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
