using System.Diagnostics;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using Xunit.Abstractions;

namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary>
/// A bounded chaos soak: 1,000 streamed calls, 16 at a time, through one client, with resets, 429s (with and without
/// Retry-After), 503s, drops and cuts before and after the first token, and in-band errors. Every call must end in the
/// full exact answer or the exact typed exception its script implies; nothing hangs; no token is repeated; no response
/// is left undisposed and no connection leaks. Backoff waits pass on the fake clock, so it runs in seconds.
/// </summary>
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    private const int Calls = 1000;
    private const int Parallelism = 16;

    [Fact]
    public async Task Soak_ThousandStreamedCallsWithInjectedFaults_EveryCallEndsExactlyAsScripted()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var random = new Random(20260210);
        ChaosPlan[] plans = [.. Enumerable.Range(0, Calls).Select(i => ChaosPlan.Random(i, random))];
        foreach (ChaosPlan plan in plans)
        {
            plan.Faults.ToList().ForEach(f => simulator.Enqueue(plan.Marker, f.Response));
        }

        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler);
        using var client = new QwenChatClient(TestClients.Options(simulator, clock), http);
        var outcomes = new StreamOutcome[Calls];
        var stopwatch = Stopwatch.StartNew();

        Task all = Parallel.ForEachAsync(
            Enumerable.Range(0, Calls),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, _) => outcomes[i] = await ChatCalls.StreamAsync(client, plans[i].Prompt));
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(all, maxAdvances: 100_000);
        await all;
        stopwatch.Stop();

        IReadOnlyList<SimulatorRequest> requests = simulator.Requests;
        for (int i = 0; i < Calls; i++)
        {
            ChaosSoakAssertions.AssertOutcome(plans[i], outcomes[i], requests);
        }

        Assert.Equal(plans.Sum(p => p.Expected().Attempts), requests.Count);
        Assert.Equal(0, handler.LiveResponses);
        Assert.InRange(handler.LiveConnections, 0, Parallelism);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the soak took {stopwatch.Elapsed}");

        int succeeded = outcomes.Count(o => o.Error is null);
        output.WriteLine(
            $"{Calls} calls in {stopwatch.Elapsed.TotalSeconds:0.0} s real time: {succeeded} answers, " +
            string.Join(", ", outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!.GetType().Name).Select(g => $"{g.Count()} {g.Key}")) +
            $"; {requests.Count} requests, {plans.Sum(p => p.Faults.Count)} faults scripted, {handler.ConnectionsOpened} connections opened, " +
            $"{waits.Count} clock jumps ({TimeSpan.FromTicks(waits.Sum(w => w.Ticks)).TotalSeconds:0} s of fake time).");
    }
}
