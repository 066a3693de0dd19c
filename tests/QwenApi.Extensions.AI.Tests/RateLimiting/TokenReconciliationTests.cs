using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// Token estimates reconciled with the reported usage (issue 12, item 1): a limiter whose leases implement
/// <see cref="IReconcilableRateLimitLease"/> is told the tokens the answer reports (unary and streamed); an attempt the
/// server refused with a 429 keeps its estimate (the server's window may count it); a failing reconciliation never fails the call.
/// </summary>
public sealed class TokenReconciliationTests
{
    [Fact]
    public async Task UnaryCall_ReconcilesItsEstimateWithTheReportedTotal()
    {
        using var limiter = new RecordingLimiter();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = FaultClients.Create(simulator, TimeProvider.System, o => o.TokenRateLimiter = limiter);

        ChatResponse response = await client.GetResponseAsync("reconcile me", new ChatOptions { MaxOutputTokens = 300 });

        (int estimate, long? used) = Assert.Single(limiter.Leases);
        Assert.InRange(estimate, 301, 400); // body bytes / 4 + 300
        Assert.Equal(response.Usage!.TotalTokenCount, used);
    }

    [Fact]
    public async Task StreamedCall_ReconcilesItsEstimateWithTheUsageOfTheLastChunk()
    {
        using var limiter = new RecordingLimiter();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = FaultClients.Create(simulator, TimeProvider.System, o => o.TokenRateLimiter = limiter);

        ChatResponse response = await client.GetStreamingResponseAsync("reconcile me", new ChatOptions { MaxOutputTokens = 300 }).ToChatResponseAsync();

        Assert.Equal(response.Usage!.TotalTokenCount, Assert.Single(limiter.Leases).Used);
    }

    [Fact]
    public async Task AttemptRefusedWith429_KeepsItsEstimate_AndTheRetryIsReconciledToItsUsage()
    {
        var clock = new TrackingTimeProvider();
        using var limiter = new RecordingLimiter();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using QwenChatClient client = FaultClients.Create(simulator, clock, o => o.TokenRateLimiter = limiter);

        Task<ChatResponse> call = client.GetResponseAsync("refused, then answered");
        await clock.DriveAsync(call);
        ChatResponse response = await call;

        Assert.Equal([null, response.Usage!.TotalTokenCount], limiter.Leases.Select(l => l.Used));
    }

    [Fact]
    public async Task ReconciliationThatThrows_DoesNotFailTheCall()
    {
        using var limiter = new RecordingLimiter { Fail = true };
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = FaultClients.Create(simulator, TimeProvider.System, o => o.TokenRateLimiter = limiter);

        ChatResponse response = await client.GetResponseAsync("still answered");

        Assert.Equal(FaultClients.AnswerTo("still answered"), response.Text);
    }

    /// <summary>Grants everything and records, per lease in order, the permits asked for and what it was reconciled to.</summary>
    private sealed class RecordingLimiter : RateLimiter
    {
        private readonly ConcurrentQueue<Lease> _leases = new();

        public bool Fail { get; init; }

        public IReadOnlyList<(int Estimate, long? Used)> Leases => [.. _leases.Select(l => (l.Permits, l.Used))];

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var lease = new Lease(permitCount, Fail);
            _leases.Enqueue(lease);
            return lease;
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(AttemptAcquireCore(permitCount));

        private sealed class Lease(int permits, bool fail) : RateLimitLease, IReconcilableRateLimitLease
        {
            public int Permits => permits;

            public long? Used { get; private set; }

            public override bool IsAcquired => true;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }

            public ValueTask ReconcileAsync(long usedPermits, CancellationToken cancellationToken = default)
            {
                Used = usedPermits;
                return fail ? ValueTask.FromException(new InvalidOperationException("backend down")) : default;
            }
        }
    }
}
