using System.Globalization;
using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary>
/// Extreme waits, on the fake clock: a <c>Retry-After</c> of days, millennia or more digits than a double holds is
/// reported exactly as sent (saturating at <see cref="TimeSpan.MaxValue"/>), never overflows the jitter, the deadline
/// comparison or the timer, and is waited for only when the options allow it and a timer can hold it (about 49.7 days).
/// </summary>
public sealed class RetryAfterExtremesTests
{
    private static readonly TimeSpan s_maxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static TheoryData<string, string, TimeSpan> HugeValues => new()
    {
        { "Retry-After", "415000", TimeSpan.FromSeconds(415_000) },
        { "Retry-After", "922337203685", TimeSpan.FromSeconds(922_337_203_685) },
        { "Retry-After", "922337203685.4775807", TimeSpan.MaxValue },
        { "Retry-After", "99999999999999999999", TimeSpan.MaxValue },
        { "Retry-After", "1" + new string('0', 400), TimeSpan.MaxValue },
        { "retry-after-ms", "99999999999999999999", TimeSpan.MaxValue },
        { "retry-after-ms", "86400000.5", TimeSpan.FromTicks(864_000_005_000) },
    };

    [Theory]
    [MemberData(nameof(HugeValues))]
    public async Task Call_HugeRetryAfter_ReportedAsSentAndThrownAtOnce(string header, string value, TimeSpan expected)
    {
        (QwenRateLimitException error, TrackingTimeProvider clock, int requests) = await FailAtOnceAsync(header, value, _ => { });

        Assert.Equal(expected, error.RetryAfter);
        Assert.Equal(1, requests);
        Assert.Empty(clock.ArmedDelays);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $" Retry after {expected.TotalSeconds:0.###} s."), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_HttpDateInYear9999_ReportedExactly()
    {
        var until = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

        (QwenRateLimitException error, TrackingTimeProvider clock, _) = await FailAtOnceAsync("Retry-After", until.ToString("r", CultureInfo.InvariantCulture), _ => { });

        Assert.Equal(until - clock.Start, error.RetryAfter);
    }

    [Theory]
    [InlineData("99999999999999999999")] // MaxValue: adding jitter to it must not overflow
    [InlineData("5184000")] // 60 days: allowed by the cap, but no timer waits that long
    public async Task Call_RetryAfterWithinAHugeCapButBeyondAnyTimer_ThrownAtOnceNotOverflowed(string value)
    {
        (QwenRateLimitException error, TrackingTimeProvider clock, int requests) = await FailAtOnceAsync("Retry-After", value, o => o.MaxRetryAfter = TimeSpan.MaxValue);

        Assert.True(error.RetryAfter > s_maxWait);
        Assert.Equal(1, requests);
        Assert.Empty(clock.ArmedDelays);
    }

    [Fact]
    public async Task Call_RetryAfterMaxValueWithFiniteOverallTimeout_ThrownAtOnce()
    {
        (QwenRateLimitException error, _, int requests) = await FailAtOnceAsync("Retry-After", "99999999999999999999", o => o.OverallTimeout = TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.MaxValue, error.RetryAfter);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Call_RetryAfterJustUnderTheLongestTimer_WaitedAtMostThatLongThenSucceeds()
    {
        TimeSpan requested = s_maxWait - TimeSpan.FromMilliseconds(500);
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.MaxRetryAfter = TimeSpan.MaxValue);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["retry-after-ms"] = requested.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) }));

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: false);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hi"), await call);
        Assert.InRange(Assert.Single(waits), requested, s_maxWait); // the jitter is cut at the timer's limit, never before the request
    }

    [Fact]
    public async Task Call_BackoffFromMaxValueDelays_WaitsAtMostTheLongestTimerThenSucceeds()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o =>
        {
            o.RetryBaseDelay = TimeSpan.MaxValue;
            o.RetryMaxDelay = TimeSpan.MaxValue;
        });
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(503));

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: true);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hi"), await call);
        Assert.InRange(Assert.Single(waits), s_maxWait / 2, s_maxWait); // equal jitter over the longest timer: never negative, never overflowing
    }

    [Fact]
    public async Task Call_BackoffFromMaxValueDelaysWithOverallTimeout_ThrowsTheServerErrorAtOnce()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o =>
        {
            o.RetryBaseDelay = TimeSpan.MaxValue;
            o.RetryMaxDelay = TimeSpan.MaxValue;
            o.OverallTimeout = TimeSpan.FromMinutes(5);
        });
        (QwenSimulator simulator, _, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(503));

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenServerException>(() => ChatCalls.CallAsync(client, "hi", stream: false)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(simulator.Requests);
    }

    private static async Task<(QwenRateLimitException Error, TrackingTimeProvider Clock, int Requests)> FailAtOnceAsync(string header, string value, Action<QwenClientOptions> configure)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(configure);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { [header] = value }));

        // No clock driving: a client that decided to wait would hang here, and the guard would fail the test.
        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        return (error, clock, simulator.Requests.Count);
    }
}
