using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Fleet;

/// <summary>
/// One worker process: builds its client, says <c>ready</c>, waits for <c>go</c> on stdin, runs its callers for the
/// run's seconds, then prints its <see cref="WorkerResult"/> as one JSON line.
/// </summary>
internal static class Worker
{
    /// <summary>What a call still running when the drain ends is counted as.</summary>
    public const string CutAtDrainEnd = "CutAtDrainEnd";

    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        string mode = arguments.Mode ?? throw new ArgumentException("A worker needs --mode.");
        Uri endpoint = arguments.Endpoint ?? throw new ArgumentException("A worker needs --endpoint.");
        var counts = new HttpCounts();
        IChatClient client = await ClientFactory.CreateAsync(mode, endpoint, arguments, counts);
        if (arguments.WarmupEndpoint is { } warmup)
        {
            await WarmUpAsync(mode, warmup, arguments);
        }

        Console.Out.WriteLine("ready");
        string? command = await Console.In.ReadLineAsync();
        if (command != "go")
        {
            await Console.Error.WriteLineAsync($"worker {arguments.WorkerIndex}: expected 'go' on stdin, got '{command ?? "end of input"}'.");
            return 3;
        }

        TimeProvider clock = TimeProvider.System;
        long started = clock.GetTimestamp();
        var run = TimeSpan.FromSeconds(arguments.Seconds);
        using var cut = new CancellationTokenSource(run + TimeSpan.FromSeconds(arguments.DrainSeconds), clock);
        CallerTally[] tallies = await Task.WhenAll(Enumerable.Range(0, arguments.Callers)
            .Select(_ => Task.Run(() => CallAsync(client, arguments.MaxTokens, clock, started, run, cut.Token))));

        var result = new WorkerResult
        {
            Worker = arguments.WorkerIndex,
            Requests = tallies.Sum(t => t.Requests),
            Tokens = tallies.Sum(t => t.Tokens),
            Failures = tallies.SelectMany(t => t.Failures).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value)),
            HttpRequests = counts.Sent,
            Http429 = counts.TooManyRequests,
            LatenciesMs = [.. tallies.SelectMany(t => t.LatenciesMs)],
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(result, FleetJsonContext.Default.WorkerResult));
        return 0;
    }

    /// <summary>One caller: the fixed prompt again and again until the run's time is up; the call running then may finish.</summary>
    private static async Task<CallerTally> CallAsync(IChatClient client, int maxTokens, TimeProvider clock, long started, TimeSpan run, CancellationToken cut)
    {
        var tally = new CallerTally();
        ChatOptions options = FleetPlan.ChatOptions(maxTokens);
        while (clock.GetElapsedTime(started) < run)
        {
            long callStarted = clock.GetTimestamp();
            try
            {
                ChatResponse response = await client.GetResponseAsync(FleetPlan.Messages, options, cut);
                tally.Succeeded(clock.GetElapsedTime(callStarted), response.Usage?.TotalTokenCount ?? 0);
            }
            catch (Exception) when (cut.IsCancellationRequested)
            {
                tally.Failed(CutAtDrainEnd);
            }
            catch (Exception ex)
            {
                tally.Failed(ex.GetType().Name);
            }
        }

        return tally;
    }

    /// <summary>
    /// Runs the code paths once per caller against a second, unlimited simulator, so JIT and connection set-up do not land
    /// in the measured calls; nothing is sent to the limited key. Local limiters are left out: they would count it.
    /// </summary>
    private static async Task WarmUpAsync(string mode, Uri warmup, FleetArguments arguments)
    {
        string kind = mode == FleetModes.OpenAI ? FleetModes.OpenAI : FleetModes.Off;
        IChatClient client = await ClientFactory.CreateAsync(kind, warmup, arguments, new HttpCounts());
        using (client)
        {
            _ = await Task.WhenAll(Enumerable.Range(0, arguments.Callers)
                .Select(_ => client.GetResponseAsync(FleetPlan.Messages, FleetPlan.ChatOptions(arguments.MaxTokens))));
        }
    }
}
