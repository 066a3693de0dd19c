using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// What the shared window counts, through the client: with <see cref="QwenRateLimitScope.KeyAndModel"/> each model has
/// its own window (shared by every process of the key), with <see cref="QwenRateLimitScope.Key"/> all models share one.
/// One request per window; a call whose wait is longer than the 30 s overall timeout fails at once.
/// </summary>
public sealed class QwenChatClientRedisScopeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly ChatOptions s_plus = new() { ModelId = "qwen-plus" };
    private static readonly ChatOptions s_max = new() { ModelId = "qwen-max" };

    [Fact]
    public async Task KeyAndModelScope_CallsToTwoModels_HaveSeparateWindows_SharedByTheProcesses()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator myCoordinator = Coordinator(mine, clock, prefix, QwenRateLimitScope.KeyAndModel);
        using QwenChatClient me = Client(simulator, clock, myCoordinator);
        using QwenChatClient them = Client(simulator, clock, Coordinator(theirs, clock, prefix, QwenRateLimitScope.KeyAndModel));

        ChatResponse plus = await ClockDriver.Guard(me.GetResponseAsync("plus", s_plus));
        ChatResponse max = await ClockDriver.Guard(them.GetResponseAsync("max", s_max));
        var plusAgain = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(them.GetResponseAsync("plus again", s_plus)));
        var maxAgain = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(me.GetResponseAsync("max again", s_max)));

        Assert.Equal(RedisTestClients.AnswerTo("plus"), plus.Text);
        Assert.Equal(RedisTestClients.AnswerTo("max"), max.Text);
        Assert.Equal(QwenRateLimitSource.Window, plusAgain.RefusedBy);
        Assert.Equal(QwenRateLimitSource.Window, maxAgain.RefusedBy);
        Assert.Single(await RedisTestClients.GrantsAsync(mine, myCoordinator, RedisGovernedClients.Scope(simulator, "qwen-plus")));
        Assert.Single(await RedisTestClients.GrantsAsync(mine, myCoordinator, RedisGovernedClients.Scope(simulator, "qwen-max")));
        Assert.Empty(await RedisTestClients.GrantsAsync(mine, myCoordinator, RedisGovernedClients.Scope(simulator)));
        Assert.Equal(["qwen-plus", "qwen-max"], simulator.Requests.Select(r => r.Json!.Value.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task KeyScope_CallsToTwoModels_ShareOneWindow()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator myCoordinator = Coordinator(mine, clock, prefix, QwenRateLimitScope.Key);
        using QwenChatClient me = Client(simulator, clock, myCoordinator);
        using QwenChatClient them = Client(simulator, clock, Coordinator(theirs, clock, prefix, QwenRateLimitScope.Key));

        ChatResponse plus = await ClockDriver.Guard(me.GetResponseAsync("plus", s_plus));
        var max = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(them.GetResponseAsync("max", s_max)));
        var maxHere = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(me.GetResponseAsync("max here", s_max)));

        Assert.Equal(RedisTestClients.AnswerTo("plus"), plus.Text);
        Assert.Equal(QwenRateLimitSource.Window, max.RefusedBy);
        Assert.Equal(QwenRateLimitSource.Window, maxHere.RefusedBy);
        Assert.Single(await RedisTestClients.GrantsAsync(mine, myCoordinator, RedisGovernedClients.Scope(simulator)));
        Assert.Single(simulator.Requests);
    }

    private static RedisRateLimitCoordinator Coordinator(ConnectionMultiplexer connection, TrackingTimeProvider clock, string prefix, QwenRateLimitScope scope) =>
        RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.RequestsPerMinute, l.Scope) = (prefix, 1, scope));

    private static QwenChatClient Client(QwenSimulator simulator, TrackingTimeProvider clock, RedisRateLimitCoordinator coordinator) =>
        RedisGovernedClients.Create(simulator, clock, coordinator, o => o.OverallTimeout = TimeSpan.FromSeconds(30));
}
