using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary>One Information line per retry (status, delay actually waited, reason) and one Warning on final failure.</summary>
public sealed class RetryLoggingTests
{
    [Fact]
    public async Task Call_TwoRetriesThenSuccess_LogsOneInformationPerRetryWithStatusDelayAndReason()
    {
        var logs = new LogCapture();
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(logs: logs.CreateFactory());
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(503));
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "2" }));

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: true);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        await call;

        CapturedLog[] retries = [.. logs.Lines.Where(l => l.Level == LogLevel.Information)];
        Assert.Equal(2, retries.Length);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.All(retries, l => Assert.Equal("QwenApi.Extensions.AI.QwenChatClient", l.Category));
        AssertRetry(retries[0], attempt: 1, status: 503, reason: "QwenServerException internal_error", waits[0]);
        AssertRetry(retries[1], attempt: 2, status: 429, reason: "QwenRateLimitException limit_requests", waits[1]);
    }

    [Fact]
    public async Task Call_RetriesExhausted_LogsWarningWithAttemptsStatusCodeAndRequestId()
    {
        var logs = new LogCapture();
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(logs: logs.CreateFactory());
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        for (int i = 0; i < 4; i++)
        {
            simulator.Enqueue(SimulatorResponse.Error(500));
        }

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: false);
        await clock.DriveAsync(call);
        await Assert.ThrowsAsync<QwenServerException>(() => call);

        Assert.Equal(3, logs.Lines.Count(l => l.Level == LogLevel.Information));
        CapturedLog warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal(
            "Qwen call failed after 4 attempt(s): QwenServerException internal_error (HTTP status 500, code internal_error, request id sim-req-4).",
            warning.Message);
        Assert.Equal(2, warning.EventId.Id);
    }

    [Fact]
    public async Task Call_NonRetryableFailure_LogsOnlyTheWarning()
    {
        var logs = new LogCapture();
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(logs: logs.CreateFactory());
        (QwenSimulator simulator, _, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(401));

        await ClockDriver.Guard(Assert.ThrowsAsync<QwenAuthenticationException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        CapturedLog line = Assert.Single(logs.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("HTTP status 401", line.Message, StringComparison.Ordinal);
    }

    private static void AssertRetry(CapturedLog line, int attempt, int status, string reason, TimeSpan waited)
    {
        Assert.Equal(1, line.EventId.Id);
        Assert.Contains(line.State, p => p.Key == "Attempt" && Equals(p.Value, attempt));
        Assert.Contains(line.State, p => p.Key == "Status" && Equals(p.Value, status));
        Assert.Contains(line.State, p => p.Key == "Reason" && Equals(p.Value, reason));
        double loggedMs = (double)line.State.Single(p => p.Key == "DelayMilliseconds").Value!;

        // The timer waits whole milliseconds of the logged delay.
        Assert.InRange(loggedMs - waited.TotalMilliseconds, 0, 1);
    }
}
