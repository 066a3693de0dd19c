using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// A load-robust companion to the BenchmarkDotNet run (<c>--cpu</c>): for each scenario and client it reports the
/// process CPU time, wall time and managed bytes allocated per unit (chunk, request or call). CPU time counts only this
/// process (the server runs in its own), so it stays meaningful when other work shares the machine's cores.
/// </summary>
public static class CpuProfile
{
    private const int ConcurrentStreams = 64;

    private sealed record Scenario(string Name, string Payload, int UnitsPerOp, string Unit, Func<IChatClient, Task> Run, Func<FloorClient, Task> RunFloor);

    public static async Task RunAsync(TimeSpan perCase, string? filter)
    {
        Scenario[] scenarios =
        [
            new("long stream (20,000 chunks)", "text-20000", 20_000, "chunk", c => Clients.ConsumeAsync(c), f => Clients.ConsumeAsync(f)),
            new("long stream, OpenAI order (20,000 chunks)", "openai-20000", 20_000, "chunk", c => Clients.ConsumeAsync(c), f => Clients.ConsumeAsync(f)),
            new("short streams (20 chunks)", "text-20", 1, "request", c => Clients.ConsumeAsync(c), f => Clients.ConsumeAsync(f)),
            new("non-streaming (5 KB answer)", "text-json", 1, "call", c => Clients.GetAsync(c), f => Clients.GetAsync(f)),
            new("non-streaming (tool call)", "tool-json", 1, "call", c => Clients.GetAsync(c), f => Clients.GetAsync(f)),
            new("64 concurrent streams", "text-1000", ConcurrentStreams * 1_000, "chunk", c => Concurrent(() => Clients.ConsumeAsync(c)), f => Concurrent(() => Clients.ConsumeAsync(f))),
            new("tool-call stream (1,000 chunks)", "tool-1000", 1_000, "chunk", c => Clients.ConsumeAsync(c), f => Clients.ConsumeAsync(f)),
            new("reasoning stream (2,000 chunks)", "reasoning-2000", 2_000, "chunk", c => Clients.ConsumeAsync(c), f => Clients.ConsumeAsync(f)),
        ];

        scenarios = scenarios.Where(s => filter is null || s.Payload.Contains(filter, StringComparison.Ordinal)).ToArray();
        using ServerProcess server = ServerProcess.Start();

        // One pass over everything first, so tiered JIT compilation is done before any case is measured.
        await ForEachCaseAsync(server, scenarios, async (_, _, op) => await MeasureAsync(op, perCase / 4));
        Console.WriteLine($"| scenario | client | CPU µs/unit | wall µs/unit | bytes/unit | unit |");
        Console.WriteLine($"| --- | --- | ---: | ---: | ---: | --- |");
        await ForEachCaseAsync(server, scenarios, async (scenario, name, op) =>
        {
            (double cpu, double wall, double bytes) = await MeasureAsync(op, perCase);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {name} | {cpu / scenario.UnitsPerOp:0.00} | {wall / scenario.UnitsPerOp:0.00} | {bytes / scenario.UnitsPerOp:0} | {scenario.Unit} |"));
        });
    }

    /// <summary>Runs one payload with one client (<c>qwen</c>, <c>openai</c> or <c>floor</c>) until <paramref name="duration"/> has passed.</summary>
    public static async Task LoopAsync(string payload, string client, TimeSpan duration)
    {
        using ServerProcess server = ServerProcess.Start();
        Uri endpoint = server.Endpoint(payload);
        bool stream = !payload.EndsWith("-json", StringComparison.Ordinal);
        using IChatClient chat = client == "openai" ? Clients.OpenAI(endpoint) : Clients.Qwen(endpoint);
        using var floor = new FloorClient(endpoint);
        Func<Task> op = client switch
        {
            "floor" => stream ? () => Clients.ConsumeAsync(floor) : () => Clients.GetAsync(floor),
            _ => stream ? () => Clients.ConsumeAsync(chat) : () => Clients.GetAsync(chat),
        };
        Console.WriteLine($"PID={Environment.ProcessId}");
        var wall = Stopwatch.StartNew();
        int ops = 0;
        while (wall.Elapsed < duration)
        {
            await op();
            ops++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ops} ops, {wall.Elapsed.TotalMicroseconds / ops:0.0} µs/op"));
    }

    private static async Task ForEachCaseAsync(ServerProcess server, Scenario[] scenarios, Func<Scenario, string, Func<Task>, Task> body)
    {
        foreach (Scenario scenario in scenarios)
        {
            Uri endpoint = server.Endpoint(scenario.Payload);
            using IChatClient openAI = Clients.OpenAI(endpoint);
            using IChatClient qwen = Clients.Qwen(endpoint);
            using var floor = new FloorClient(endpoint);
            (string Name, Func<Task> Op)[] cases =
            [
                ("OpenAIChatClient", () => scenario.Run(openAI)),
                ("QwenChatClient", () => scenario.Run(qwen)),
                ("floor", () => scenario.RunFloor(floor)),
            ];
            foreach ((string name, Func<Task> op) in cases)
            {
                await body(scenario, name, op);
            }
        }
    }

    private static Task Concurrent(Func<Task<long>> stream)
    {
        var tasks = new Task[ConcurrentStreams];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(stream);
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>Warms up, then runs until <paramref name="duration"/> has passed; returns CPU µs, wall µs and bytes per op.</summary>
    internal static async Task<(double Cpu, double Wall, double Bytes)> MeasureAsync(Func<Task> op, TimeSpan duration)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < duration / 4)
        {
            await op();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        int ops = 0;
        while (wall.Elapsed < duration || ops < 3)
        {
            await op();
            ops++;
        }

        wall.Stop();
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMicroseconds / ops, wall.Elapsed.TotalMicroseconds / ops, (double)bytes / ops);
    }
}
