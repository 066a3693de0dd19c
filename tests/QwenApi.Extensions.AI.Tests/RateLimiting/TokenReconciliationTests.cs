using System.Collections.Concurrent;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// Token estimates reconciled with what the server charged: the coordinator's admission of the attempt that succeeded is
/// set, with <see cref="QwenTokenAccounting.Usage"/>, to the total the answer reports (unary and streamed), and with
/// <see cref="QwenTokenAccounting.Admission"/> to the reported prompt tokens plus the output cap sent (exactly what an
/// admission-charging server counted); an attempt the server refused with a 429 keeps its estimate (the server's window
/// may count it); a failing reconciliation never fails the call.
/// </summary>
public sealed class TokenReconciliationTests
{
    [Fact]
    public async Task UnaryCall_ReconcilesItsEstimateWithTheReportedTotal()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Usage);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, TimeProvider.System, o => o.RateLimitCoordinator = limiter);

        ChatResponse response = await client.GetResponseAsync("reconcile me", new ChatOptions { MaxOutputTokens = 300 });

        (long estimate, long? used) = Assert.Single(limiter.Leases);
        Assert.InRange(estimate, 301, 400); // body bytes / 4 + 300
        Assert.Equal(response.Usage!.TotalTokenCount, used);
    }

    [Fact]
    public async Task StreamedCall_ReconcilesItsEstimateWithTheUsageOfTheLastChunk()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Usage);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, TimeProvider.System, o => o.RateLimitCoordinator = limiter);

        ChatResponse response = await client.GetStreamingResponseAsync("reconcile me", new ChatOptions { MaxOutputTokens = 300 }).ToChatResponseAsync();

        Assert.Equal(response.Usage!.TotalTokenCount, Assert.Single(limiter.Leases).Used);
    }

    [Fact]
    public async Task AdmissionAccounting_SetsTheGrantToThePromptPlusTheOutputCap()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Admission);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, TimeProvider.System, o => o.RateLimitCoordinator = limiter);

        ChatResponse response = await client.GetResponseAsync("charged at admission", new ChatOptions { MaxOutputTokens = 300 });

        Assert.Equal(response.Usage!.InputTokenCount + 300, Assert.Single(limiter.Leases).Used);
    }

    [Fact]
    public async Task AdmissionAccounting_WithoutAnOutputCap_NeverCorrectsBelowTheEstimate()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Admission);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, TimeProvider.System, o => o.RateLimitCoordinator = limiter);

        _ = await client.GetResponseAsync("no cap sent");

        (long estimate, long? used) = Assert.Single(limiter.Leases);
        Assert.Equal(estimate, used); // the server's default cap is unknown: the estimate (with 1,024 for the output) stands
    }

    [Fact]
    public async Task AttemptRefusedWith429_KeepsItsEstimate_AndTheRetryIsReconciledToItsUsage()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Usage);
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.RateLimitCoordinator = limiter);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));

        Task<ChatResponse> call = client.GetResponseAsync("refused, then answered");
        await clock.DriveAsync(call);
        ChatResponse response = await call;

        Assert.Equal([null, response.Usage!.TotalTokenCount], limiter.Leases.Select(l => l.Used));
    }

    [Fact]
    public async Task ReconciliationThatThrows_DoesNotFailTheCall()
    {
        var limiter = new RecordingCoordinator(QwenTokenAccounting.Usage) { Fail = true };
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, TimeProvider.System, o => o.RateLimitCoordinator = limiter);

        ChatResponse response = await client.GetResponseAsync("still answered");

        Assert.Equal(ChatCalls.AnswerTo("still answered"), response.Text);
    }

    /// <summary>Admits everything and records, per admission in order, the tokens estimated and what they were reconciled to.</summary>
    private sealed class RecordingCoordinator(QwenTokenAccounting accounting) : QwenRateLimitCoordinator(new QwenRateLimitOptions { TokenAccounting = accounting })
    {
        private readonly ConcurrentQueue<Grant> _grants = new();

        public bool Fail { get; init; }

        public IReadOnlyList<(long Estimate, long? Used)> Leases => [.. _grants.Select(g => (g.Tokens, g.Used))];

        public override ValueTask<QwenRateLimitAdmission> AdmitAsync(string scope, long tokens, CancellationToken cancellationToken = default)
        {
            var grant = new Grant(tokens, Fail);
            _grants.Enqueue(grant);
            return new(grant);
        }

        private sealed class Grant(long tokens, bool fail) : QwenRateLimitAdmission
        {
            public long Tokens => tokens;

            public long? Used { get; private set; }

            public override ValueTask ReconcileAsync(long usedTokens, CancellationToken cancellationToken = default)
            {
                Used = usedTokens;
                return fail ? ValueTask.FromException(new InvalidOperationException("backend down")) : default;
            }
        }
    }
}
