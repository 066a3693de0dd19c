using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// A hostile server goes silent without closing: before the headers, in the middle of a unary body, in the middle of a
/// stream. Each timeout fires exactly when the fake clock reaches it (never on the wall clock), names its option, and
/// is retried only while nothing reached the caller.
/// </summary>
public sealed class HostileServerSilenceTests
{
    private const string Prompt = "say four words";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_ServerSendsNoHeaders_ThrowsResponseHeadersTimeoutExactlyWhenTheClockReachesIt(bool stream)
    {
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.StallUntilClientLeavesAsync();
        });
        var clock = new TrackingTimeProvider();
        using QwenChatClient client = TestClients.Create(server, clock, o =>
        {
            o.MaxRetries = 1;
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(20);
        });

        Task<StreamOutcome> call = ChatCalls.OutcomeAsync(client, Prompt, stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(
            call, () => server.WaitForRequestsAsync(1), Gates.Now, () => server.WaitForRequestsAsync(2)).Next);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenTimeoutException>(outcome.Error);
        Assert.Equal(QwenTimeoutKind.ResponseHeaders, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.Timeout);
        Assert.Contains("ResponseHeadersTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Attempts); // retried once: nothing had reached the caller
        Assert.Equal(2, server.Requests);
        Assert.Equal(3, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(20), waits[0]);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)); // the backoff
        Assert.Equal(TimeSpan.FromSeconds(20), waits[2]);
        Assert.Empty(outcome.Texts);
    }

    [Fact]
    public async Task Unary_ServerFallsSilentMidBody_ThrowsStreamIdleTimeoutExactlyWhenTheClockReachesIt()
    {
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("application/json", HostileBodies.Completion.Length);
            await c.WriteAsync(HostileBodies.Completion[..50]);
            await c.StallUntilClientLeavesAsync();
        });
        var clock = new TrackingTimeProvider();
        using QwenChatClient client = TestClients.Create(server, clock, o =>
        {
            o.MaxRetries = 0;
            o.StreamIdleTimeout = TimeSpan.FromSeconds(15);
        });

        Task<StreamOutcome> call = ChatCalls.OutcomeAsync(client, Prompt, stream: false);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call, new Gates(call, () => server.WaitForRequestsAsync(1)).Next);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenTimeoutException>(outcome.Error);
        Assert.Equal(QwenTimeoutKind.StreamIdle, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(15), error.Timeout);
        Assert.Contains("StreamIdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(15)], waits);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Stream_ServerFallsSilentAfterUpdates_ThrowsStreamIdleTimeoutExactlyWhenTheClockReachesItAndIsNotRetried()
    {
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("text/event-stream", chunked: true);
            await c.WriteChunkAsync(HostileBodies.RoleEvent + HostileBodies.TokenEvent("w1 ") + HostileBodies.TokenEvent("w2 "));
            await c.StallUntilClientLeavesAsync();
        });
        var clock = new TrackingTimeProvider();
        using QwenChatClient client = TestClients.Create(server, clock, o => o.StreamIdleTimeout = TimeSpan.FromSeconds(15));

        var consumer = StreamConsumer.Start(client, Prompt);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(consumer.Completion, new Gates(consumer.Completion, () => consumer.WhenReceived(2)).Next);
        var error = await Assert.ThrowsAsync<QwenTimeoutException>(() => consumer.Completion);

        Assert.Equal(QwenTimeoutKind.StreamIdle, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(15), error.Timeout);
        Assert.Contains("StreamIdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(15)], waits);
        Assert.Equal(["w1 ", "w2 "], consumer.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
    }
}
