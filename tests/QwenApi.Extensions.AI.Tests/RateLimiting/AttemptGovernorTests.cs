using System.Threading.RateLimiting;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// One owner per attempt (issue 17): a failed attempt releases its limiter permits before its retry asks again, so a
/// <see cref="ConcurrencyLimiter"/> can never make a retry wait for the permit its own call holds. Before the fix each of
/// these calls hung until its overall deadline (infinite here, so the hang guard would fail the test).
/// </summary>
public sealed class AttemptGovernorTests
{
    public static TheoryData<string, bool> FailuresBeforeOutput => new()
    {
        { "503", false },
        { "503", true },
        { "429", false },
        { "429", true },
        { "stream-cut-before-first-update", true },
    };

    [Theory]
    [MemberData(nameof(FailuresBeforeOutput))]
    public async Task Retry_UnderAConcurrencyLimitOfOne_GetsThePermitItsFailedAttemptReleased(string failure, bool stream)
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 });
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.RequestRateLimiter = limiter);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(failure switch
        {
            "503" => SimulatorResponse.Error(503),
            "429" => SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }),
            _ => SimulatorResponse.CutAfterChunks(0),
        });

        Task<StreamOutcome> call = ChatCalls.OutcomeAsync(client, "retried", stream);
        await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        Assert.Null(outcome.Error);
        Assert.Equal(ChatCalls.AnswerTo("retried"), string.Concat(outcome.Texts));
        Assert.Equal(2, simulator.Requests.Count);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits); // released when the call ended
    }

    [Fact]
    public async Task Retry_AfterAConnectionReset_GetsThePermitItsFailedAttemptReleased()
    {
        var clock = new TrackingTimeProvider();
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 });
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            if (c.Number == 1)
            {
                c.Reset();
                return;
            }

            await c.WriteHeadAsync("application/json", HostileBodies.Completion.Length);
            await c.WriteAsync(HostileBodies.Completion);
        });
        using QwenChatClient client = TestClients.Create(server, clock, o => o.RequestRateLimiter = limiter);

        Task<ChatResponse> call = client.GetResponseAsync("reset, then answered");
        await clock.DriveAsync(call);

        Assert.Equal("Hello", (await call).Text);
        Assert.Equal(2, server.Connections.Count);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task FourConcurrentCalls_PermitLimitTwo_EachFirstAnswered503_AllComplete()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 2, QueueLimit = 10 });
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.RequestRateLimiter = limiter);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        string[] prompts = ["call-1", "call-2", "call-3", "call-4"];
        foreach (string prompt in prompts)
        {
            simulator.Enqueue(prompt, SimulatorResponse.Error(503));
        }

        Task<ChatResponse[]> calls = Task.WhenAll(prompts.Select(p => client.GetResponseAsync(p)));
        await clock.DriveAsync(calls);

        Assert.Equal(prompts.Select(ChatCalls.AnswerTo), (await calls).Select(r => r.Text));
        Assert.Equal(8, simulator.Requests.Count);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }
}
