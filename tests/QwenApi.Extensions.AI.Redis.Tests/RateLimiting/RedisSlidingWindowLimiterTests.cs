using System.Net;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The shared limits (issue 12, item 3) against a real Redis server, each client on a connection of its own as another
/// process would be: one window for every client of a key, a bounded queue on the fake clock, cancellation, and token
/// estimates reconciled to the usage the answer reports.
/// </summary>
public sealed class RedisSlidingWindowLimiterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Calls_OfTwoClientsOnTwoConnections_ShareOneRequestWindow()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient a = RedisTestClients.Create(simulator, clock, first, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3));
        using QwenChatClient b = RedisTestClients.Create(simulator, clock, second, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3), o => o.OverallTimeout = TimeSpan.FromSeconds(10));

        _ = await a.GetResponseAsync("one");
        _ = await b.GetResponseAsync("two");
        _ = await a.GetResponseAsync("three");
        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => b.GetResponseAsync("four"));

        Assert.Null(limited.StatusCode); // refused on the client side: nothing was sent
        Assert.Contains("QwenClientOptions.RequestRateLimiter", limited.Message, StringComparison.Ordinal);
        Assert.Contains("longer than the time left", limited.Message, StringComparison.Ordinal);
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61)); // the default 61 s window
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_WhenTheWindowIsFull_WaitsUntilTheOldestGrantLeavesIt()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 1));

        _ = await client.GetResponseAsync("first");
        Task<ChatResponse> second = client.GetResponseAsync("second");
        await ClockDriver.Guard(clock.WaitUntilAsync(c => c.NextDue() is not null));

        Assert.Single(simulator.Requests);
        TimeSpan waited = Assert.Single(clock.ArmedDelays);
        Assert.InRange(waited, TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(61.25)); // the grant's time left in the default 61 s window, plus jitter ≤ 250 ms
        await clock.DriveAsync(second);
        Assert.Equal(RedisTestClients.AnswerTo("second"), (await second).Text);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_BeyondTheQueueLimit_FailsAtOnceAndCancellingAWaiterEndsItsWait()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.RequestsPerMinute, l.QueueLimit) = (prefix, 1, 1));
        using var cancel = new CancellationTokenSource();

        _ = await client.GetResponseAsync("first");
        Task<ChatResponse> waiting = client.GetResponseAsync("second", cancellationToken: cancel.Token);
        await ClockDriver.Guard(clock.WaitUntilAsync(c => c.NextDue() is not null));
        var full = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("third"));
        cancel.Cancel();
        await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting));

        Assert.Contains("QueueLimit (1)", full.Message, StringComparison.Ordinal);
        Assert.Null(full.StatusCode);
        Assert.Single(simulator.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenEstimate_IsReconciledToTheUsageTheAnswerReports(bool streaming)
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000));
        var options = new ChatOptions { MaxOutputTokens = 5_000 };

        long reported = streaming
            ? (await client.GetStreamingResponseAsync("count my tokens", options).ToChatResponseAsync()).Usage!.TotalTokenCount!.Value
            : (await client.GetResponseAsync("count my tokens", options)).Usage!.TotalTokenCount!.Value;
        long windowTotal = (long)await connection.GetDatabase().StringGetAsync(RedisTestClients.TotalKey(prefix, simulator, "tokens"));

        Assert.InRange(reported, 1, 4_999); // the estimate held more than 5,000 until the answer came
        Assert.Equal(reported, windowTotal);
    }

    [Fact]
    public async Task TokenEstimate_OfAnAttemptRefusedWith429_IsGivenBack()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000));

        var refused = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("refused", new ChatOptions { MaxOutputTokens = 5_000 }));
        long windowTotal = (long)await connection.GetDatabase().StringGetAsync(RedisTestClients.TotalKey(prefix, simulator, "tokens"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(0, windowTotal);
    }

    [Fact]
    public async Task TokenEstimate_LargerThanTheWholeLimit_FailsAtOnceNamingTheLimiter()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, clock, connection, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 1_000));

        var refused = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("too big", new ChatOptions { MaxOutputTokens = 5_000 }));

        Assert.Contains("QwenClientOptions.TokenRateLimiter", refused.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 1000", refused.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task AttemptAcquire_OfTheRateLimiterContract_UsesTheSameSharedWindow()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        QwenClientOptions options = RedisTestClients.Options(simulator, clock).UseRedisRateLimiting(connection, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100));
        System.Threading.RateLimiting.RateLimiter limiter = options.TokenRateLimiter!;

        using System.Threading.RateLimiting.RateLimitLease first = limiter.AttemptAcquire(60);
        using System.Threading.RateLimiting.RateLimitLease second = await ((IAsyncAttemptRateLimiter)limiter).AttemptAcquireAsync(60);
        clock.Advance(TimeSpan.FromSeconds(1));
        using System.Threading.RateLimiting.RateLimitLease third = limiter.AttemptAcquire(40);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired); // 60 + 60 > 100
        Assert.True(second.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(61), retryAfter); // when the first grant leaves the 61 s window
        Assert.True(third.IsAcquired); // 60 + 40 fits
    }

    [Fact]
    public void Settings_OutOfRange_AreRejectedByName()
    {
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(redis.Configuration);
        var options = new QwenClientOptions { ApiKey = "k" };

        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => options.UseRedisRateLimiting(connection, l => l.RequestsPerMinute = 0));
        var noKey = Assert.Throws<ArgumentException>(() => new QwenClientOptions().UseRedisRateLimiting(connection));

        Assert.Equal("RequestsPerMinute", zero.ParamName);
        Assert.Contains("QwenClientOptions.ApiKey must be set", noKey.Message, StringComparison.Ordinal);
    }
}
