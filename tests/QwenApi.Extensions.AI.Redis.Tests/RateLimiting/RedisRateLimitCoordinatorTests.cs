using System.Net;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The shared pause (issue 12, items 2 and 3) through a real Redis server: a 429 one client receives pauses the clients
/// on other connections until the server's instant; other endpoints are not paused.
/// </summary>
public sealed class RedisRateLimitCoordinatorTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Dictionary<string, string> s_retryAfter30 = new() { ["Retry-After"] = "30" };

    [Fact]
    public async Task A429_OnOneConnection_PausesClientsOnOthersUntilTheServersInstant()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: s_retryAfter30));
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient limited = RedisTestClients.Create(simulator, clock, first, l => l.KeyPrefix = prefix);
        using QwenChatClient hurried = RedisTestClients.Create(simulator, clock, second, l => l.KeyPrefix = prefix, o => o.OverallTimeout = TimeSpan.FromSeconds(10));
        using QwenChatClient patient = RedisTestClients.Create(simulator, clock, second, l => l.KeyPrefix = prefix);

        _ = await Assert.ThrowsAsync<QwenRateLimitException>(() => limited.GetResponseAsync("limited"));
        var failedFast = await Assert.ThrowsAsync<QwenRateLimitException>(() => hurried.GetResponseAsync("hurried"));
        Task<ChatResponse> waiting = patient.GetResponseAsync("patient");
        await ClockDriver.Guard(clock.WaitUntilAsync(c => c.NextDue() is not null));

        Assert.Equal(HttpStatusCode.TooManyRequests, failedFast.StatusCode);
        Assert.Contains("paused", failedFast.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests); // neither client on the other connection has sent
        Assert.InRange(clock.ArmedDelays[^1], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31)); // after the hurried call's 10 s deadline
        await clock.DriveAsync(waiting);
        Assert.Equal(RedisTestClients.AnswerTo("patient"), (await waiting).Text);
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
        using QwenChatClient limited = RedisTestClients.Create(limitedServer, clock, connection, l => l.KeyPrefix = prefix);
        using QwenChatClient other = RedisTestClients.Create(otherServer, clock, connection, l => l.KeyPrefix = prefix);

        _ = await Assert.ThrowsAsync<QwenRateLimitException>(() => limited.GetResponseAsync("limited"));
        ChatResponse answer = await ClockDriver.Guard(other.GetResponseAsync("other"));

        Assert.Equal(RedisTestClients.AnswerTo("other"), answer.Text);
        Assert.Empty(clock.ArmedDelays);
    }
}
