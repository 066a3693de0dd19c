using System.Text;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Token reconciliation through the client: a call is admitted with its estimate (a token per four bytes of the request
/// plus the output cap, 1,024 when unset); once the answer reports its usage, the shared grant holds the usage under
/// <see cref="QwenTokenAccounting.Usage"/> and keeps the estimate under <see cref="QwenTokenAccounting.Admission"/>.
/// </summary>
public sealed class QwenChatClientRedisTokenTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task TokensPerMinute_WithUsageAccounting_TheGrantHoldsTheReportedUsage()
    {
        (long estimate, long used, long[] granted) = await CallAsync(QwenTokenAccounting.Usage, streaming: false);

        Assert.True(used < estimate, $"usage {used}, estimate {estimate}");
        Assert.Equal([used], granted);
    }

    [Fact]
    public async Task TokensPerMinute_WithUsageAccounting_AStreamedCallsGrantHoldsTheReportedUsage()
    {
        (long estimate, long used, long[] granted) = await CallAsync(QwenTokenAccounting.Usage, streaming: true);

        Assert.True(used < estimate, $"usage {used}, estimate {estimate}");
        Assert.Equal([used], granted);
    }

    [Fact]
    public async Task TokensPerMinute_WithAdmissionAccounting_TheGrantKeepsTheEstimate()
    {
        (long estimate, long used, long[] granted) = await CallAsync(QwenTokenAccounting.Admission, streaming: false);

        Assert.True(used < estimate, $"usage {used}, estimate {estimate}");
        Assert.Equal([estimate], granted);
    }

    private async Task<(long Estimate, long Used, long[] Granted)> CallAsync(QwenTokenAccounting accounting, bool streaming)
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute, l.TokenAccounting) = (RedisTestClients.UniquePrefix(), 100_000, accounting));
        using QwenChatClient client = RedisGovernedClients.Create(simulator, clock, coordinator);

        ChatResponse answer = streaming
            ? await ClockDriver.Guard(client.GetStreamingResponseAsync("How many tokens?").ToChatResponseAsync())
            : await ClockDriver.Guard(client.GetResponseAsync("How many tokens?"));

        long estimate = ((Encoding.UTF8.GetByteCount(Assert.Single(simulator.Requests).Body) + 3) / 4) + 1024;
        long used = answer.Usage!.TotalTokenCount!.Value;
        return (estimate, used, await RedisGovernedClients.GrantedTokensAsync(connection, coordinator, RedisGovernedClients.Scope(simulator)));
    }
}
