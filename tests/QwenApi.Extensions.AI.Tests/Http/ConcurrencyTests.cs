using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>50 concurrent callers on one client, each with its own faults: every one gets its own answer or its own error.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Calls_FiftyConcurrentCallersWithMixedFaults_NoCrossTalk()
    {
        const int Callers = 50;
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var random = new Random(50);
        ChaosPlan[] plans = [.. Enumerable.Range(0, Callers).Select(i => ChaosPlan.Random(i, random))];
        foreach (ChaosPlan plan in plans)
        {
            plan.Faults.ToList().ForEach(f => simulator.Enqueue(plan.Marker, f.Response));
        }

        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler);
        using var client = new QwenChatClient(TestClients.Options(simulator, clock), http);

        Task<StreamOutcome>[] calls = [.. plans.Select(p => ChatCalls.StreamAsync(client, p.Prompt))];
        await clock.DriveAsync(Task.WhenAll(calls), maxAdvances: 1000);

        for (int i = 0; i < Callers; i++)
        {
            StreamOutcome outcome = await calls[i];
            ChaosSoakAssertions.AssertOutcome(plans[i], outcome, simulator.Requests);
        }

        Assert.Equal(plans.Sum(p => p.Expected().Attempts), simulator.Requests.Count);
        Assert.Equal(0, handler.LiveResponses);
    }
}
