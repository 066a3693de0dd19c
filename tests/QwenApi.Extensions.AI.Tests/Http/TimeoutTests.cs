using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// The three timeouts, each on the fake clock: the exception names the one that fired and its duration, is never an
/// <see cref="OperationCanceledException"/>, and a healthy stream that runs far longer than all of them is never cut.
/// </summary>
public sealed class TimeoutTests
{
    private const string Prompt = "tell me five words";
    private static readonly string[] s_tokens = ["Simulated ", "answer ", "to: ", "tell ", "me ", "five ", "words"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_NoHeadersWithinResponseHeadersTimeout_ThrowsTimeoutNamingIt(bool stream)
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o =>
        {
            o.MaxRetries = 0;
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(20);
        });
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(call, () => simulator.WaitForRequestAsync(1)).Next);
        var error = await Assert.ThrowsAsync<QwenTimeoutException>(() => call);

        Assert.Equal(QwenTimeoutKind.ResponseHeaders, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.Timeout);
        Assert.Equal([TimeSpan.FromSeconds(20)], waits);
        Assert.Contains("ResponseHeadersTimeout", error.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Null(error.StatusCode);
        Assert.Equal(1, error.Attempts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_SuppliedHttpClientTimeoutFires_ThrowsHttpClientTimeoutWithoutRetrying(bool stream)
    {
        // HttpClient.Timeout runs on the real clock (HttpClient takes no TimeProvider); nothing here waits on it: the
        // server never answers, so the call ends only when that timer fires, after 50 ms.
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(50) };
        using var client = new QwenChatClient(TestClients.Options(simulator).ShippedTimeouts(), http);

        var error = await Assert.ThrowsAsync<QwenTimeoutException>(() => ChatCalls.CallAsync(client, Prompt, stream));

        Assert.Equal(QwenTimeoutKind.HttpClient, error.Kind);
        Assert.Contains("HttpClient.Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("QwenClientOptions.HttpClient", error.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(1, error.Attempts); // Not transient: the same HttpClient would cut every retry the same way.
        Assert.InRange(simulator.Requests.Count, 0, 1); // 0 when the 50 ms ran out before the request reached the server.
    }

    [Fact]
    public async Task Call_HeadersTimeoutTwiceThenAnswer_RetriesAndSucceeds()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.ResponseHeadersTimeout = TimeSpan.FromSeconds(20));
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream: false);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(
            call, () => simulator.WaitForRequestAsync(1), Gates.Now, () => simulator.WaitForRequestAsync(2), Gates.Now).Next);

        Assert.Equal(ChatCalls.AnswerTo(Prompt), await call);
        Assert.Equal(3, simulator.Requests.Count);
        Assert.Equal(4, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(20), waits[0]);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(20), waits[2]);
        Assert.InRange(waits[3], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Stream_SilentAfterOutput_ThrowsStreamIdleTimeoutAndKeepsDeliveredTokens()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.StreamIdleTimeout = TimeSpan.FromSeconds(15));
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.StallAfterChunks(3));

        var consumer = StreamConsumer.Start(client, Prompt);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(consumer.Completion, new Gates(consumer.Completion, () => consumer.WhenReceived(2)).Next);
        var error = await Assert.ThrowsAsync<QwenTimeoutException>(() => consumer.Completion);

        Assert.Equal(QwenTimeoutKind.StreamIdle, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(15), error.Timeout);
        Assert.Contains("StreamIdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(15)], waits);
        Assert.Equal(s_tokens.Take(2), consumer.Texts);
        Assert.Single(simulator.Requests); // output had begun: never retried
    }

    [Fact]
    public async Task Stream_SilentBeforeOutput_IsRetriedAfterIdleTimeout()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.StreamIdleTimeout = TimeSpan.FromSeconds(15));
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.StallAfterChunks(1));

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(call, () => simulator.WaitForRequestAsync(1), Gates.Now).Next);
        StreamOutcome outcome = await call;

        Assert.Null(outcome.Error);
        Assert.Equal(s_tokens, outcome.Texts);
        Assert.Equal(2, simulator.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(15), waits[0]);
    }

    [Fact]
    public async Task Call_OverallTimeoutAcrossRetries_ThrowsOverallTimeoutAtExactlyTheDeadline()
    {
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.OverallTimeout = TimeSpan.FromSeconds(30));
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(503));
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());

        Task<string> call = ChatCalls.CallAsync(client, Prompt, stream: true);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(
            call, () => clock.WaitUntilAsync(c => c.PendingCount >= 2), () => simulator.WaitForRequestAsync(2)).Next);
        var error = await Assert.ThrowsAsync<QwenTimeoutException>(() => call);

        Assert.Equal(QwenTimeoutKind.Overall, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
        Assert.Contains("OverallTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(30), waits[0] + waits[1]);
    }

    [Fact]
    public async Task Stream_HealthySlowStreamLongerThanEveryTimeout_IsNeverCut()
    {
        TimeSpan interval = TimeSpan.FromSeconds(60);
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o =>
        {
            o.OverallTimeout = TimeSpan.FromMinutes(10);
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(90);
            o.StreamIdleTimeout = TimeSpan.FromSeconds(90);
        }, simulator: time => new QwenSimulatorOptions { TimeProvider = time });
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.SlowDrip(interval));
        string prompt = string.Join(' ', Enumerable.Range(1, 15).Select(i => $"w{i}"));
        string[] expected = ["Simulated ", "answer ", "to: ", .. Enumerable.Range(1, 15).Select(i => i < 15 ? $"w{i} " : $"w{i}")];

        var consumer = StreamConsumer.Start(client, prompt);

        // Jump only to the simulator's next drip (due exactly one interval from now), and only once the client has read
        // every token sent so far: on a fake clock the server could otherwise run ahead of the client, and fake minutes
        // the client never lived through would fire its overall deadline before the first token reached it.
        int jumps = 0;
        async Task BeforeJump()
        {
            await consumer.WhenReceived(Math.Min(jumps, expected.Length));
            await clock.WaitUntilAsync(c => c.NextDue() == c.GetUtcNow() + interval);
            jumps++;
        }

        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(consumer.Completion, BeforeJump, maxAdvances: 100);
        await consumer.Completion;

        Assert.Equal(expected, consumer.Texts);
        Assert.All(waits, w => Assert.Equal(interval, w));
        Assert.True(waits.Count * interval > TimeSpan.FromMinutes(18), $"the stream ran {waits.Count} intervals");
        Assert.Single(simulator.Requests);
    }
}
