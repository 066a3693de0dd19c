using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// State that heals itself (issue 17, item 2): Redis may lose any of a scope's keys (eviction, failover, restart) and the
/// window is right again within one window, never wedged; grant ids stay unique whatever was lost.
/// </summary>
public sealed class RedisHealingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly FakeTimeProvider _clock = new();

    /// <summary>Every non-empty subset of the scope's five keys, as a bit mask over <see cref="Keys"/>.</summary>
    public static TheoryData<int> Subsets() => [.. Enumerable.Range(1, 31)];

    [Theory]
    [MemberData(nameof(Subsets))]
    public async Task AdmitAsync_AfterAnySubsetOfTheKeysIsLost_IsRightAgainWithinOneWindow(int lost)
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 3, 300));
        await coordinator.PauseAsync(RedisTestClients.Scope, _clock.GetUtcNow().AddSeconds(30));
        _clock.Advance(TimeSpan.FromSeconds(30)); // the pause ended; its key is still there (it expires on Redis's own clock)
        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingRequests = 100, RequestsResetAt = _clock.GetUtcNow().AddSeconds(120), AdmittedAt = _clock.GetUtcNow() });
        Assert.Equal(3, await RedisTestClients.AdmitManyAsync(coordinator, 3, tokens: 100));

        RedisKey[] keys = Keys(coordinator);
        foreach (int bit in Enumerable.Range(0, keys.Length).Where(b => (lost & (1 << b)) != 0))
        {
            Assert.True(await connection.GetDatabase().KeyDeleteAsync(keys[bit]));
        }

        using QwenRateLimitAdmission rightAfter = await coordinator.AdmitAsync(RedisTestClients.Scope, 100);
        _clock.Advance(TimeSpan.FromSeconds(61));
        int admitted = await RedisTestClients.AdmitManyAsync(coordinator, 3, tokens: 100);
        using QwenRateLimitAdmission full = await coordinator.AdmitAsync(RedisTestClients.Scope, 100);

        if ((lost & 1) == 0)
        {
            Assert.False(rightAfter.IsAdmitted); // the grants survived: counted, from the sum or recounted
            Assert.InRange(rightAfter.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61));
        }

        Assert.Equal(3, admitted);
        Assert.False(full.IsAdmitted);
        Assert.InRange(full.RetryAfter!.Value, TimeSpan.FromSeconds(56), TimeSpan.FromSeconds(61));
        Assert.Equal(3, (await RedisTestClients.GrantsAsync(connection, coordinator)).Length); // trimmed: memory bounded by the window
    }

    [Fact]
    public async Task AdmitAsync_WhenTheGrantsAreLostButTheirSumIsNot_AdmitsAtOnce()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute) = (RedisTestClients.UniquePrefix(), 2));
        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(coordinator, 2));

        Assert.True(await connection.GetDatabase().KeyDeleteAsync(coordinator.State(RedisTestClients.Scope).Keys.Grants));
        using QwenRateLimitAdmission admitted = await coordinator.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.True(admitted.IsAdmitted); // a stale total no longer wedges the window (it is checked against the set)
        Assert.Equal("1", (string?)await connection.GetDatabase().HashGetAsync(coordinator.State(RedisTestClients.Scope).Keys.Sum, "n"));
    }

    [Fact]
    public async Task GrantIds_StayUniqueAfterEveryKeyIsLost_AndAnOldGrantsReconcileTouchesNoNewOne()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.TokensPerMinute, l.TokenAccounting) = (RedisTestClients.UniquePrefix(), 1_000, QwenTokenAccounting.Usage));
        var before = new List<QwenRateLimitAdmission>();
        for (int i = 0; i < 20; i++)
        {
            before.Add(await coordinator.AdmitAsync(RedisTestClients.Scope, 10));
        }

        _ = await connection.GetDatabase().KeyDeleteAsync(Keys(coordinator));
        using QwenRateLimitAdmission after = await coordinator.AdmitAsync(RedisTestClients.Scope, 10);
        foreach (QwenRateLimitAdmission old in before)
        {
            await old.ReconcileAsync(50);
            old.Dispose();
        }

        string[] grants = await RedisTestClients.GrantsAsync(connection, coordinator);
        Assert.DoesNotContain(((RedisGrant)after).Id, before.Select(g => ((RedisGrant)g).Id));
        Assert.Equal(21, before.Select(g => ((RedisGrant)g).Id).Append(((RedisGrant)after).Id).Distinct().Count());
        Assert.Equal([((RedisGrant)after).Id + ":10"], grants); // the old grants' reconciliation found nothing to overwrite
    }

    private static RedisKey[] Keys(RedisRateLimitCoordinator coordinator)
    {
        RedisScopeKeys keys = coordinator.State(RedisTestClients.Scope).Keys;
        return [keys.Grants, keys.Sum, keys.Pause, keys.Server, keys.Members];
    }
}
