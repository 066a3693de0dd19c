using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Every script against a local three-master Redis Cluster: a scope's keys share one hash tag, so each script's keys live
/// in one slot, as the cluster requires.
/// </summary>
public sealed class RedisClusterTests(RedisCluster cluster) : IClassFixture<RedisCluster>
{
    private readonly FakeTimeProvider _clock = new();

    [RedisClusterFact]
    public async Task EveryScript_RunsOnACluster_WithTheScopesKeysInOneSlot()
    {
        var logs = new LogCapture();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(cluster.Configuration);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute, l.TokensPerMinute, l.TokenAccounting) = (RedisTestClients.UniquePrefix(), 3, 1_000, QwenTokenAccounting.Usage), logs.CreateFactory());
        RedisScopeKeys keys = coordinator.State(RedisTestClients.Scope).Keys;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingRequests = 10, RequestsResetAt = _clock.GetUtcNow().AddSeconds(30), AdmittedAt = _clock.GetUtcNow() });
        using QwenRateLimitAdmission first = await coordinator.AdmitAsync(RedisTestClients.Scope, 100);
        await first.ReconcileAsync(40);
        _ = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => coordinator.AdmitAsync(RedisTestClients.Scope, 100, cancelled.Token).AsTask());
        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(coordinator, 3, tokens: 100));
        _ = await connection.GetDatabase().KeyDeleteAsync([keys.Grants, keys.Sum, keys.Members]); // a failover that lost them
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(coordinator, 1)); // Redis did not know this process: write back next time
        using QwenRateLimitAdmission afterWriteBack = await coordinator.AdmitAsync(RedisTestClients.Scope, 1);
        await coordinator.PauseAsync(RedisTestClients.Scope, _clock.GetUtcNow().AddSeconds(10));

        Assert.Empty(logs.Lines); // every operation ran on the cluster: no outage, nothing admitted locally
        Assert.Equal(3, connection.GetServers().Count(s => s.ServerType == ServerType.Cluster && !s.IsReplica));
        Assert.Single([.. new[] { keys.Grants, keys.Sum, keys.Pause, keys.Server, keys.Members }.Select(k => connection.HashSlot(k)).Distinct()]);
        Assert.False(afterWriteBack.IsAdmitted); // the three grants written back and the new one overfill the window of 3
        Assert.Equal(4, (await RedisTestClients.GrantsAsync(connection, coordinator)).Length);
        Assert.Contains(((RedisGrant)first).Id + ":40", await RedisTestClients.GrantsAsync(connection, coordinator));
        Assert.True(await connection.GetDatabase().KeyExistsAsync(keys.Pause));
    }
}
