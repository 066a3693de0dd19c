using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The Lua scripts themselves, on whichever server the fixture runs: a read-modify-write script must be atomic, or
/// concurrent callers over-grant the window (Garnet without LuaTransactionMode).
/// </summary>
public sealed class RedisScriptsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Admit_ByManyConcurrentCallers_GrantsExactlyTheLimit()
    {
        const int Limit = 250;
        const int Callers = 1_000;
        var clock = new FakeTimeProvider(); // never advanced: no grant leaves the window during the test
        string prefix = RedisTestClients.UniquePrefix();
        ConnectionMultiplexer[] connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConnectAsync()));
        try
        {
            RedisRateLimitCoordinator[] processes = [.. connections.Select(c =>
                RedisTestClients.Coordinator(c, clock, clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute, l.OperationTimeout) = (prefix, Limit, TimeSpan.FromMinutes(1))))];

            QwenRateLimitAdmission[] admissions = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i =>
                processes[i % processes.Length].AdmitAsync(RedisTestClients.Scope, 1).AsTask()));

            Assert.Equal(Limit, admissions.Count(a => a.IsAdmitted));
            Assert.Equal(Limit, (await RedisTestClients.GrantsAsync(connections[0], processes[0])).Length);
            foreach (QwenRateLimitAdmission admission in admissions)
            {
                admission.Dispose();
            }
        }
        finally
        {
            foreach (ConnectionMultiplexer connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    // The callers queue on four connections on a machine that may be busy: no response timeout fails the test, only a wrong count.
    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(redis.Configuration);
        options.AsyncTimeout = (int)TimeSpan.FromMinutes(1).TotalMilliseconds;
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
