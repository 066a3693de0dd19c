using System.Threading.RateLimiting;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// Client-side governance (issue 12, item 1): any <see cref="RateLimiter"/> as the request or token limiter. Callers wait
/// in the limiter's queue; a full queue, a wait past the deadline or an estimate no limiter can grant fail at once,
/// typed, with nothing sent; cancellation ends the wait. Limiters replenish by hand here, so nothing depends on time.
/// </summary>
public sealed class ClientRateLimiterTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Call_OverAConcurrencyLimit_WaitsInTheQueueUntilTheRunningStreamEnds()
    {
        // The lease is held until the call ends: a stream being read holds it, and the next call queues behind it.
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.RequestRateLimiter = limiter);
        IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync("first").GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync());

        Task<ChatResponse> second = client.GetResponseAsync("second");
        Assert.Equal(1, limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.Single(_simulator.Requests);
        await running.DisposeAsync();

        Assert.Equal(ChatCalls.AnswerTo("second"), (await ClockDriver.Guard(second)).Text);
        Assert.Equal(2, _simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_QueueFull_FailsAtOnceNamingTheLimiterAndSendsNothing()
    {
        using var limiter = Bucket(tokens: 1, queue: 0);
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.RequestRateLimiter = limiter);
        await client.GetResponseAsync("first");

        var error = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetStreamingResponseAsync("second").ToChatResponseAsync());

        Assert.StartsWith("Client-side rate limit: QwenClientOptions.RequestRateLimiter did not grant 1 permit(s)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was sent.", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
        Assert.Single(_simulator.Requests);
    }

    [Fact]
    public async Task Call_WaitLongerThanTheDeadline_FailsAtOnce()
    {
        using var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1), QueueLimit = 10 });
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => (o.RequestRateLimiter, o.OverallTimeout) = (limiter, TimeSpan.FromMinutes(10)));
        await client.GetResponseAsync("first");

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("second")));

        Assert.Contains("longer than the time left before QwenClientOptions.OverallTimeout", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        Assert.Single(_simulator.Requests);
    }

    [Fact]
    public async Task Call_TokenLimiter_TakesTheRequestBytesOverFourPlusTheOutputCap()
    {
        using var limiter = Bucket(tokens: 100_000, queue: 0);
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.TokenRateLimiter = limiter);

        await client.GetResponseAsync("count my tokens", new ChatOptions { MaxOutputTokens = 500 });
        await client.GetResponseAsync("and these", new QwenChatOptions { MaxOutputTokens = 500, MaxCompletionTokens = 2000 });

        long expected = ((_simulator.Requests[0].Body.Length + 3) / 4) + 500 + ((_simulator.Requests[1].Body.Length + 3) / 4) + 2000;
        Assert.Equal(100_000 - expected, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Call_EstimateBeyondWhatTheLimiterCanEverGrant_FailsAtOnce()
    {
        using var limiter = Bucket(tokens: 100, queue: 10);
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.TokenRateLimiter = limiter);

        var error = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 1000 }));

        Assert.Contains("QwenClientOptions.TokenRateLimiter", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than the limiter can ever grant", error.Message, StringComparison.Ordinal);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Call_CanceledWhileQueued_EndsAtOnceAndLeavesTheQueue()
    {
        using var limiter = Bucket(tokens: 1, queue: 1);
        using QwenChatClient client = TestClients.Create(_simulator, configure: o => o.RequestRateLimiter = limiter);
        using var cts = new CancellationTokenSource();
        await client.GetResponseAsync("first");

        Task<ChatResponse> second = client.GetResponseAsync("second", cancellationToken: cts.Token);
        await cts.CancelAsync();

        var canceled = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => second));
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.Single(_simulator.Requests);
    }

    private static TokenBucketRateLimiter Bucket(int tokens, int queue) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = tokens,
        TokensPerPeriod = tokens,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        AutoReplenishment = false,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
