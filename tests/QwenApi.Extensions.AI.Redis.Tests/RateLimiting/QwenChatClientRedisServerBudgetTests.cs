using System.Diagnostics;
using System.Net;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The server is the truth: a key whose configured limit is higher than the server's is held to what the server's
/// <c>x-ratelimit-*</c> headers say remains (shared through Redis), so calls wait instead of drawing 429s; and a tokens
/// 429 with a short <c>Retry-After</c> pauses the key until the server's token reset, not just the hint. The simulator
/// charges tokens at admission (prompt plus the output cap) over a sliding window on the test's clock plus the real time
/// passed, as Redis's TIME sees it (<see cref="FakePlusRealTime"/>).
/// </summary>
public sealed class QwenChatClientRedisServerBudgetTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int ServerTokensPerMinute = 2_500;
    private static readonly ChatOptions s_thousandTokens = new() { MaxOutputTokens = 1_000 };

    [Fact]
    public async Task ServerBudget_LowerThanTheConfiguredLimit_HoldsTheNextCallBackUntilTheServersReset_WithNo429()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await StartSimulatorAsync(clock);
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100_000));
        using QwenChatClient client = RedisGovernedClients.Create(simulator, clock, coordinator); // no retries: a 429 would fail the call
        var watch = Stopwatch.StartNew();

        _ = await ClockDriver.Guard(client.GetResponseAsync("first", s_thousandTokens));
        _ = await ClockDriver.Guard(client.GetResponseAsync("second", s_thousandTokens)); // about 1,480 remain: it fits
        Task<ChatResponse> third = client.GetResponseAsync("third", s_thousandTokens); // about 470 remain: it does not
        await clock.WaitUntilAsync(c => c.PendingCount == 1);
        TimeSpan armed = Assert.Single(clock.ArmedDelays);
        int sentWhileWaiting = simulator.Requests.Count;
        IReadOnlyList<TimeSpan> jumps = await clock.DriveAsync(third);
        ChatResponse answer = await third;

        Assert.Equal(2, sentWhileWaiting);
        Assert.InRange(armed, TimeSpan.FromSeconds(60) - watch.Elapsed, TimeSpan.FromSeconds(61)); // the server's reset (60s), plus at most 1 s of jitter
        Assert.Equal([armed], jumps);
        Assert.Equal(RedisTestClients.AnswerTo("third"), answer.Text);
        Assert.Equal(3, simulator.Requests.Count); // every call answered: the simulator sent no 429
    }

    [Fact]
    public async Task TokensRateLimited_WithAShortHint_PausesTheKeyUntilTheServersTokenReset()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await StartSimulatorAsync(clock);
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(redis);
        using var ungoverned = new QwenChatClient(RedisGovernedClients.Options(simulator, clock)); // another client of the key, not governed
        using QwenChatClient governed = RedisGovernedClients.Create(simulator, clock, RedisTestClients.Coordinator(mine, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000)));
        RedisRateLimitCoordinator other = RedisTestClients.Coordinator(theirs, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000));
        var watch = Stopwatch.StartNew();
        _ = await ClockDriver.Guard(ungoverned.GetResponseAsync("first", s_thousandTokens));
        _ = await ClockDriver.Guard(ungoverned.GetResponseAsync("second", s_thousandTokens));

        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => ClockDriver.Guard(governed.GetResponseAsync("third", s_thousandTokens)));
        clock.Advance(TimeSpan.FromSeconds(3)); // past the hint
        using QwenRateLimitAdmission paused = await other.AdmitAsync(RedisGovernedClients.Scope(simulator), 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(QwenRateLimitSource.Server, limited.RefusedBy);
        Assert.Equal(QwenRateLimitKind.Tokens, limited.Limit);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter); // the short hint
        Assert.False(paused.IsAdmitted);
        Assert.Equal(QwenRateLimitSource.Pause, paused.RefusedBy);
        Assert.InRange(paused.RetryAfter!.Value, TimeSpan.FromSeconds(57) - watch.Elapsed, TimeSpan.FromSeconds(57)); // the token reset (60s) less the 3 s gone
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task ServerBudget_ReportedToOneProcess_HoldsAnotherProcessBack()
    {
        var clock = new TrackingTimeProvider();
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await StartSimulatorAsync(clock);
        using ConnectionMultiplexer mine = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer theirs = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient me = RedisGovernedClients.Create(simulator, clock, RedisTestClients.Coordinator(mine, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000)));
        using QwenChatClient them = RedisGovernedClients.Create(simulator, clock, RedisTestClients.Coordinator(theirs, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (prefix, 100_000)));
        var watch = Stopwatch.StartNew();

        _ = await ClockDriver.Guard(me.GetResponseAsync("first", s_thousandTokens));
        _ = await ClockDriver.Guard(me.GetResponseAsync("second", s_thousandTokens));
        Task<ChatResponse> third = them.GetResponseAsync("third", s_thousandTokens); // knows the server's budget only through Redis
        await clock.WaitUntilAsync(c => c.PendingCount == 1);
        TimeSpan armed = Assert.Single(clock.ArmedDelays);
        int sentWhileWaiting = simulator.Requests.Count;
        IReadOnlyList<TimeSpan> jumps = await clock.DriveAsync(third);
        ChatResponse answer = await third;

        Assert.Equal(2, sentWhileWaiting);
        Assert.InRange(armed, TimeSpan.FromSeconds(60) - watch.Elapsed, TimeSpan.FromSeconds(61));
        Assert.Equal([armed], jumps);
        Assert.Equal(RedisTestClients.AnswerTo("third"), answer.Text);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task TokensRateLimited_WithAShortHint_TheRetryWaitsForTheTokenReset_AndDrawsNoSecond429()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await StartSimulatorAsync(clock);
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using var ungoverned = new QwenChatClient(RedisGovernedClients.Options(simulator, clock));
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, clock, clock.Start, l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100_000));
        using QwenChatClient governed = RedisGovernedClients.Create(simulator, clock, coordinator, o => o.MaxRetries = 1);
        var watch = Stopwatch.StartNew();
        _ = await ClockDriver.Guard(ungoverned.GetResponseAsync("first", s_thousandTokens));
        _ = await ClockDriver.Guard(ungoverned.GetResponseAsync("second", s_thousandTokens));

        Task<ChatResponse> third = governed.GetResponseAsync("third", s_thousandTokens);
        IReadOnlyList<TimeSpan> jumps = await clock.DriveAsync(third);
        ChatResponse answer = await third; // one retry was enough: the pause outlasted the 2 s hint

        Assert.Equal(RedisTestClients.AnswerTo("third"), answer.Text);
        Assert.Equal(2, jumps.Count); // the retry's backoff, then the pause's rest
        Assert.InRange(jumps.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(60) - watch.Elapsed, TimeSpan.FromSeconds(62));
        Assert.Equal(4, simulator.Requests.Count);
    }

    private static Task<QwenSimulator> StartSimulatorAsync(TrackingTimeProvider clock) => QwenSimulator.StartAsync(new QwenSimulatorOptions
    {
        TimeProvider = new FakePlusRealTime(clock),
        TokensPerMinute = ServerTokensPerMinute,
        TokenAccounting = SimulatorTokenAccounting.Admission,
        RateLimitWindow = SimulatorRateLimitWindow.Sliding,
        MaxRetryAfterHint = TimeSpan.FromSeconds(2),
    });
}
