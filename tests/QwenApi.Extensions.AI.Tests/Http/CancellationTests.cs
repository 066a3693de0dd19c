using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// Caller cancellation at every point of a call surfaces as an <see cref="OperationCanceledException"/> carrying the
/// caller's own token: never wrapped, never retried, never a timeout, never logged as a failure.
/// </summary>
public sealed class CancellationTests
{
    private const string Prompt = "tell me five words";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_TokenCanceledBeforeSending_ThrowsCallersCancellationWithoutARequest(bool stream)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = Realistic(simulator, new TrackingTimeProvider());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChatCalls.CallAsync(client, Prompt, stream, cts.Token)));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Empty(simulator.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_CanceledDuringBackoff_ThrowsCallersCancellationWithoutWaitingOrRetrying(bool stream)
    {
        var clock = new TrackingTimeProvider();
        var logs = new LogCapture();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503));
        using QwenChatClient client = Realistic(simulator, clock, logs.CreateFactory());
        using var cts = new CancellationTokenSource();
        DateTimeOffset start = clock.GetUtcNow();

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream, cts.Token);
        await clock.WaitUntilAsync(c => c.ArmedDelays.Any(d => d < TimeSpan.FromSeconds(2))); // the backoff, not a timeout
        await cts.CancelAsync();
        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => call));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Single(simulator.Requests);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Single(logs.Lines, l => l.Level == LogLevel.Information);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_CanceledWhileWaitingForHeaders_ThrowsCallersCancellation(bool stream)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());
        using QwenChatClient client = Realistic(simulator, new TrackingTimeProvider());
        using var cts = new CancellationTokenSource();

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream, cts.Token);
        await ClockDriver.Guard(simulator.WaitForRequestAsync(1));
        await cts.CancelAsync();
        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => call));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task Stream_CanceledMidStream_ThrowsCallersCancellationAndKeepsDeliveredTokens()
    {
        var logs = new LogCapture();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.StallAfterChunks(3));
        using QwenChatClient client = Realistic(simulator, new TrackingTimeProvider(), logs.CreateFactory());
        using var cts = new CancellationTokenSource();

        var consumer = StreamConsumer.Start(client, Prompt, cts.Token);
        await ClockDriver.Guard(consumer.WhenReceived(2));
        await cts.CancelAsync();
        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.Completion));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(["Simulated ", "answer "], consumer.Texts);
        Assert.Single(simulator.Requests);
        Assert.Empty(logs.Lines);
    }

    // Default timeouts left on: cancellation must win over them and not be mistaken for one.
    private static QwenChatClient Realistic(QwenSimulator simulator, TimeProvider clock, ILoggerFactory? logs = null) =>
        TestClients.Create(simulator, clock, o =>
        {
            o.OverallTimeout = TimeSpan.FromMinutes(10);
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(330);
            o.StreamIdleTimeout = TimeSpan.FromMinutes(3);
        }, logs);
}
