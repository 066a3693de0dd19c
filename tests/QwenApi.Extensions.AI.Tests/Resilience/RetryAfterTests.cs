using System.Globalization;
using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary>
/// <c>Retry-After</c> in every form the proxy (or a gateway in front of it) can send, honoured on the fake clock: the wait
/// is at least the requested time plus at most 10% jitter (at least 100 ms); bad values fall back to backoff; values
/// beyond the cap or the deadline are not waited for at all.
/// </summary>
public sealed class RetryAfterTests
{
    private static readonly TimeSpan s_jitterFloor = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("0.25", 250)]
    [InlineData("1.5", 1500)]
    [InlineData(" 3 ", 3000)]
    public async Task Call_429WithDeltaSeconds_WaitsThatLongPlusJitterThenSucceeds(string value, int expectedMs)
    {
        (TimeSpan wait, int requests) = await RetryOnceAsync(new Dictionary<string, string> { ["Retry-After"] = value });

        AssertWaitedAbout(TimeSpan.FromMilliseconds(expectedMs), wait);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Call_DecimalRetryAfterUnderCommaDecimalCulture_IsReadAsInvariant()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
            (TimeSpan wait, _) = await RetryOnceAsync(new Dictionary<string, string> { ["Retry-After"] = "2.5" });

            AssertWaitedAbout(TimeSpan.FromSeconds(2.5), wait); // not 25 s, not a fallback
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public async Task Call_RetryAfterAsHttpDate_WaitsUntilThatDateOnTheInjectedClock()
    {
        var clock = new TrackingTimeProvider();
        string date = (clock.GetUtcNow() + TimeSpan.FromSeconds(7)).ToString("r", CultureInfo.InvariantCulture);

        (TimeSpan wait, _) = await RetryOnceAsync(new Dictionary<string, string> { ["Retry-After"] = date }, clock);

        AssertWaitedAbout(TimeSpan.FromSeconds(7), wait);
    }

    [Theory]
    [InlineData("Tue, 10 Feb 2026 11:59:00 GMT")] // in the past on the fake clock
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("1,5")]
    [InlineData("")]
    public async Task Call_PastOrGarbageRetryAfter_FallsBackToBackoffWithoutError(string value)
    {
        (TimeSpan wait, int requests) = await RetryOnceAsync(new Dictionary<string, string> { ["Retry-After"] = value });

        Assert.InRange(wait, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)); // the first backoff step
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Call_RetryAfterMs_IsHonouredAndWinsOverRetryAfter()
    {
        (TimeSpan wait, _) = await RetryOnceAsync(new Dictionary<string, string> { ["retry-after-ms"] = "1500", ["Retry-After"] = "30" });

        AssertWaitedAbout(TimeSpan.FromMilliseconds(1500), wait);
    }

    [Fact]
    public async Task Call_RetryAfterOn503_IsHonouredToo()
    {
        (TimeSpan wait, _) = await RetryOnceAsync(new Dictionary<string, string> { ["Retry-After"] = "4" }, status: 503);

        AssertWaitedAbout(TimeSpan.FromSeconds(4), wait);
    }

    [Theory]
    [InlineData("61", 61)]
    [InlineData("86400", 86400)]
    [InlineData("415000", 415000)] // 4.8 days: reported as sent, not clamped to one
    [InlineData("99999999999", 99999999999)] // about 3,170 years: still reported as sent
    public async Task Call_RetryAfterBeyondCap_ThrowsRateLimitAtOnceWithRetryAfter(string value, long expectedSeconds)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        DateTimeOffset start = clock.GetUtcNow();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = value }));

        // No clock driving: a client that decided to sleep would hang here and the guard would fail the test.
        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), error.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(simulator.Requests);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Contains("Retry after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_RetryAfterBeyondRemainingOverallTime_ThrowsRateLimitAtOnce()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.OverallTimeout = TimeSpan.FromSeconds(30));
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        DateTimeOffset start = clock.GetUtcNow();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "45" }));

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => ChatCalls.CallAsync(client, "hi", stream: false)));

        Assert.Equal(TimeSpan.FromSeconds(45), error.RetryAfter);
        Assert.Single(simulator.Requests);
        Assert.Equal(start, clock.GetUtcNow());
    }

    [Fact]
    public async Task Call_MaxRetriesZero_ThrowsRateLimitAtOnceWithRetryAfter()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.MaxRetries = 0);
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "2" }));

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Equal(1, error.Attempts);
        Assert.Single(simulator.Requests);
        Assert.Empty(clock.ArmedDelays);
    }

    [Fact]
    public async Task Call_429OnEveryAttempt_WaitsEachRetryAfterThenThrowsRateLimit()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        }

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: true);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        var error = await Assert.ThrowsAsync<QwenRateLimitException>(() => call);

        Assert.Equal(3, waits.Count);
        Assert.All(waits, w => AssertWaitedAbout(TimeSpan.FromSeconds(1), w));
        Assert.Equal(4, error.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task Call_ConcurrentCallersToldSameRetryAfter_DoNotRetryInLockstep()
    {
        const int Callers = 12;
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync();
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < Callers; i++)
        {
            simulator.Enqueue($"[caller-{i}]", SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        }

        Task<string>[] calls = [.. Enumerable.Range(0, Callers).Select(i => ChatCalls.CallAsync(client, $"[caller-{i}] hi", stream: true))];
        await clock.DriveAsync(Task.WhenAll(calls));

        for (int i = 0; i < Callers; i++)
        {
            Assert.Equal(ChatCalls.AnswerTo($"[caller-{i}] hi"), await calls[i]);
        }

        IReadOnlyList<TimeSpan> delays = clock.ArmedDelays;
        Assert.Equal(Callers, delays.Count);
        Assert.All(delays, d => AssertWaitedAbout(TimeSpan.FromSeconds(1), d));

        // Task.Delay on a TimeProvider waits in whole milliseconds, so two of 12 callers may share a millisecond; lockstep
        // would put them all on one. Require a real spread instead (failing by chance: about 1 in 10^6).
        Assert.True(delays.Distinct().Count() >= Callers / 2, string.Join(" ", delays));
        Assert.True(delays.Max() - delays.Min() >= TimeSpan.FromMilliseconds(20), string.Join(" ", delays));
    }

    private static void AssertWaitedAbout(TimeSpan requested, TimeSpan waited)
    {
        TimeSpan spread = TimeSpan.FromTicks(Math.Clamp(requested.Ticks / 10, s_jitterFloor.Ticks, TimeSpan.FromSeconds(2).Ticks));
        Assert.InRange(waited, requested, requested + spread);
    }

    private static async Task<(TimeSpan Wait, int Requests)> RetryOnceAsync(IReadOnlyDictionary<string, string> headers, TrackingTimeProvider? clock = null, int status = 429)
    {
        clock ??= new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(status, headers: headers));
        using QwenChatClient client = TestClients.Create(simulator, clock);

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: true);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hi"), await call);
        return (Assert.Single(waits), simulator.Requests.Count);
    }
}
