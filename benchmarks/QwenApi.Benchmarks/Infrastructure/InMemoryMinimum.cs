using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// A timing that survives a loaded machine (<c>--min</c>): QwenChatClient and the floor over <see cref="InMemoryHandler"/>
/// (no socket, no server, one thread), one short request at a time, alternating, many times; reported per chunk as the
/// fastest request of each (interference from other work only ever adds time, so the minimum is the client's own cost)
/// and the median. <c>--cpu</c> over loopback is the end-to-end view; this one compares parser changes.
/// </summary>
public static class InMemoryMinimum
{
    public static async Task RunAsync(string[] payloads, int rounds)
    {
        Uri endpoint = new("http://127.0.0.1:1/v1");
        Console.WriteLine("| payload | client | min µs/chunk | median µs/chunk | bytes/request |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (string name in payloads)
        {
            QwenApi.Benchmarks.Server.Payload payload = QwenApi.Benchmarks.Server.Payloads.All()[name];
            int chunks = int.Parse(name[(name.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
            using IChatClient qwen = Clients.Qwen(endpoint, new InMemoryHandler(payload));
            using var floor = new FloorClient(endpoint, new InMemoryHandler(payload));
            var times = new[] { new List<double>(rounds), new List<double>(rounds) };
            long[] bytes = new long[2];
            for (int round = -rounds / 10; round < rounds; round++)
            {
                for (int client = 0; client < 2; client++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    long start = Stopwatch.GetTimestamp();
                    _ = client == 0 ? await Clients.ConsumeAsync(qwen) : await Clients.ConsumeAsync(floor);
                    double elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    if (round >= 0)
                    {
                        times[client].Add(elapsed / chunks);
                        bytes[client] = GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                }
            }

            for (int client = 0; client < 2; client++)
            {
                times[client].Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {(client == 0 ? "QwenChatClient" : "floor")} | {times[client][0]:0.000} | {times[client][rounds / 2]:0.000} | {bytes[client]} |"));
            }
        }
    }
}
