using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The Lua scripts themselves, on whichever server the fixture runs: a read-modify-write script must be atomic, or
/// concurrent callers over-grant the window and its total drifts from its grants (Garnet without LuaTransactionMode).
/// </summary>
public sealed class RedisScriptsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Acquire_ByManyConcurrentCallers_GrantsExactlyTheLimitAndKeepsTheTotal()
    {
        const int Limit = 250;
        const int Callers = 1_000;
        var keys = new RedisWindowKeys(RedisTestClients.UniquePrefix(), "scope", "requests");
        ConnectionMultiplexer[] connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConnectAsync()));
        try
        {
            // ARGV: now, window, limit, permits, key lifetime (ms); one instant, so no grant leaves the window.
            RedisValue[] arguments = [1_000_000, 60_000, Limit, 1, 120_000];
            RedisResult[] results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i =>
                connections[i % connections.Length].GetDatabase().ScriptEvaluateAsync(RedisScripts.Acquire, keys.All, arguments)));

            IDatabase db = connections[0].GetDatabase();
            Assert.Equal(Limit, results.Count(r => (long)((RedisResult[])r!)[0] == 1));
            Assert.Equal(Limit, (long)await db.StringGetAsync(keys.Total));
            Assert.Equal(Limit, await db.SortedSetLengthAsync(keys.Grants));
            Assert.Equal(Limit, await db.HashLengthAsync(keys.Permits));
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
