using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The client with <c>UseRedisRateLimiting</c> against the simulator and a real Redis server: a 429 it receives pauses
/// every process of the key through Redis, and another endpoint is never paused.
/// </summary>
public sealed class QwenChatClientWithRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Dictionary<string, string> s_retryAfter30 = new() { ["Retry-After"] = "30" };

    [Fact]
    public async Task A429_ReceivedByAClient_PausesAnotherProcessThroughRedis()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter30));
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(redis);
        using var client = new QwenChatClient(RedisGovernedClients.Options(simulator, clock).UseRedisRateLimiting(mine, l => (l.KeyPrefix, l.OperationTimeout) = (prefix, TimeSpan.FromSeconds(10))));
        var otherClock = new FakeTimeProvider();
        RedisRateLimitCoordinator other = RedisTestClients.Coordinator(theirs, otherClock, otherClock.GetUtcNow(), l => l.KeyPrefix = prefix); // never advanced: Redis's TIME as it is

        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("limited"));
        using QwenRateLimitAdmission paused = await other.AdmitAsync(QwenRateLimitCoordinator.GetScope(simulator.Endpoint, simulator.ApiKey), 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(QwenRateLimitSource.Pause, paused.RefusedBy);
        Assert.InRange(paused.RetryAfter!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task A429_FromOneEndpoint_DoesNotPauseAnother()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator limitedServer = await QwenSimulator.StartAsync();
        await using QwenSimulator otherServer = await QwenSimulator.StartAsync();
        limitedServer.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter30));
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using var limited = new QwenChatClient(RedisGovernedClients.Options(limitedServer, clock).UseRedisRateLimiting(connection, l => (l.KeyPrefix, l.OperationTimeout) = (prefix, TimeSpan.FromSeconds(10))));
        using var other = new QwenChatClient(RedisGovernedClients.Options(otherServer, clock).UseRedisRateLimiting(connection, l => (l.KeyPrefix, l.OperationTimeout) = (prefix, TimeSpan.FromSeconds(10))));

        _ = await Assert.ThrowsAsync<QwenRateLimitException>(() => limited.GetResponseAsync("limited"));
        ChatResponse answer = await ClockDriver.Guard(other.GetResponseAsync("other"));

        Assert.Equal(RedisTestClients.AnswerTo("other"), answer.Text);
        Assert.Empty(clock.ArmedDelays);
    }

    [Fact]
    public async Task A503ThenSuccess_WithRedisGovernanceAndAConcurrencyLimiterOfOne_Completes()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503));
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.RequestsPerMinute) = (RedisTestClients.UniquePrefix(), 10));
        using var limiter = new ConcurrencyLimiter(new() { PermitLimit = 1, QueueLimit = 10 });
        using QwenChatClient client = RedisGovernedClients.Create(simulator, clock, coordinator, o => (o.MaxRetries, o.RequestRateLimiter) = (2, limiter));

        Task<ChatResponse[]> calls = Task.WhenAll(client.GetResponseAsync("first"), client.GetResponseAsync("second"));
        IReadOnlyList<TimeSpan> jumps = await clock.DriveAsync(calls); // the retry's backoff: its own call's permit was given back first
        ChatResponse[] answers = await calls;

        Assert.Single(jumps);
        Assert.Equal([RedisTestClients.AnswerTo("first"), RedisTestClients.AnswerTo("second")], answers.Select(a => a.Text));
        Assert.Equal(3, simulator.Requests.Count);
        Assert.Equal(3, (await RedisTestClients.GrantsAsync(connection, coordinator, RedisGovernedClients.Scope(simulator))).Length); // each attempt admitted once
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }
}
