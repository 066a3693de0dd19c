using System.Threading.RateLimiting;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// A limiter whose state is remote (<see cref="IAsyncAttemptRateLimiter"/>) is asked asynchronously: the call path never
/// uses its synchronous <see cref="RateLimiter.AttemptAcquire"/>, which would block a pool thread on the network.
/// </summary>
public sealed class AsyncAttemptLimiterTests
{
    [Fact]
    public async Task Call_AsksARemoteLimiterAsynchronously_NeverSynchronously()
    {
        using var limiter = new RemoteLimiter();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = FaultClients.Create(simulator, TimeProvider.System, o => (o.RequestRateLimiter, o.TokenRateLimiter) = (limiter, limiter));

        ChatResponse response = await client.GetResponseAsync("asked asynchronously");

        Assert.Equal(FaultClients.AnswerTo("asked asynchronously"), response.Text);
        Assert.Equal(2, limiter.AsyncAttempts); // one request permit, one token estimate
    }

    private sealed class RemoteLimiter : RateLimiter, IAsyncAttemptRateLimiter
    {
        private int _asyncAttempts;

        public int AsyncAttempts => Volatile.Read(ref _asyncAttempts);

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        public async ValueTask<RateLimitLease> AttemptAcquireAsync(int permitCount, CancellationToken cancellationToken = default)
        {
            await Task.Yield(); // as a network round trip would
            _ = Interlocked.Increment(ref _asyncAttempts);
            return Granted.Instance;
        }

        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            throw new InvalidOperationException("The synchronous attempt must not be used on the call path.");

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Nothing to wait for: every attempt is granted.");
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
