using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>
/// Clients governed through Redis as separate processes would have them (a coordinator each, on the test's fake clock, with
/// Redis's TIME shifted by the clock's advance), against the simulator, with no timer but the ones a test means to drive.
/// </summary>
internal static class RedisGovernedClients
{
    /// <summary>Client options for <paramref name="simulator"/> on <paramref name="time"/>: no retries, every timeout infinite.</summary>
    public static QwenClientOptions Options(QwenSimulator simulator, TimeProvider time) => new()
    {
        ApiKey = simulator.ApiKey,
        Endpoint = simulator.Endpoint,
        ModelId = "qwen-plus",
        TimeProvider = time,
        MaxRetries = 0,
        OverallTimeout = Timeout.InfiniteTimeSpan,
        ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
        StreamIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A client governed by <paramref name="coordinator"/>; <paramref name="adjust"/> changes its options last.</summary>
    public static QwenChatClient Create(QwenSimulator simulator, FakeTimeProvider clock, QwenRateLimitCoordinator coordinator, Action<QwenClientOptions>? adjust = null)
    {
        QwenClientOptions options = Options(simulator, clock);
        options.RateLimitCoordinator = coordinator;
        adjust?.Invoke(options);
        return new QwenChatClient(options);
    }

    /// <summary>The scope the clients of <paramref name="simulator"/> share (its endpoint and key).</summary>
    public static string Scope(QwenSimulator simulator, string? model = null) => QwenRateLimitCoordinator.GetScope(simulator.Endpoint, simulator.ApiKey, model);

    /// <summary>The tokens each grant of <paramref name="scope"/> holds, oldest first.</summary>
    public static async Task<long[]> GrantedTokensAsync(IConnectionMultiplexer redis, RedisRateLimitCoordinator coordinator, string scope) =>
        [.. (await RedisTestClients.GrantsAsync(redis, coordinator, scope)).Select(m => long.Parse(m[(m.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
}
