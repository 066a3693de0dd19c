using System.Net.ServerSentEvents;
using QwenApi.Testing.Tests.TestUtilities;
using static QwenApi.Testing.Tests.TestUtilities.ExpectedChunks;

namespace QwenApi.Testing.Tests.Scripting;

public sealed class FaultTests : SimulatorTestBase
{
    [Fact]
    public async Task ResetBeforeHeaders_ClientGetsTransportError()
    {
        Simulator.Enqueue(SimulatorResponse.ResetBeforeHeaders());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(ChatBodies.User("Hi")));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Single(Simulator.Requests);
    }

    [Fact]
    public async Task StallBeforeHeaders_ClientCancels_ThrowsAndSimulatorStaysUsable()
    {
        Simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());
        using var cancellation = new CancellationTokenSource();
        var pending = PostAsync(ChatBodies.User("Hi"), cancellation.Token);
        _ = await Simulator.WaitForRequestAsync(1);

        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => pending);
        var (status, _) = await SendAsync(ChatBodies.User("again"));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task StallAfterChunks_SendsHeadersAndChunksThenNothing()
    {
        Simulator.Enqueue(SimulatorResponse.StallAfterChunks(2));
        using var response = await PostAsync(ChatBodies.User("Hello there", stream: true));
        using var stream = await response.Content.ReadAsStreamAsync();
        using var cancellation = new CancellationTokenSource();
        await using var events = SseParser.Create(stream).EnumerateAsync(cancellation.Token).GetAsyncEnumerator();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(Role(), events.Current.Data);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(Content("Simulated "), events.Current.Data);
        var third = events.MoveNextAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await third);
    }

    [Fact]
    public async Task StallAfterChunks_Zero_SendsOnlyHeaders()
    {
        Simulator.Enqueue(SimulatorResponse.StallAfterChunks(0));

        using var response = await PostAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DropAfterChunks_ClientReadsChunksThenIOException()
    {
        Simulator.Enqueue(SimulatorResponse.DropAfterChunks(2));
        using var response = await PostAsync(ChatBodies.User("Hello there", stream: true));
        var events = new List<string>();

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            using var stream = await response.Content.ReadAsStreamAsync();
            await foreach (var item in SseParser.Create(stream).EnumerateAsync())
            {
                events.Add(item.Data);
            }
        });

        Assert.Equal([Role(), Content("Simulated ")], events);
    }

    [Fact]
    public async Task CutAfterChunks_EndsCleanlyWithoutFinishReasonOrDone()
    {
        Simulator.Enqueue(SimulatorResponse.CutAfterChunks(3));

        var events = await StreamAsync(ChatBodies.User("Hello there", stream: true));

        Assert.Equal([Role(), Content("Simulated "), Content("answer ")], events);
    }

    [Fact]
    public async Task CutAfterChunks_MoreThanTheAnswerHas_StopsBeforeFinishChunk()
    {
        Simulator.Enqueue(SimulatorResponse.CutAfterChunks(100));

        var events = await StreamAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal(5, events.Count);
        Assert.DoesNotContain(events, e => e.Contains("\"finish_reason\":\"", StringComparison.Ordinal) || e == "[DONE]");
    }

    [Fact]
    public async Task InBandErrorAfterChunks_SendsErrorEventThenEnds()
    {
        Simulator.Enqueue(SimulatorResponse.InBandErrorAfterChunks(2));

        var events = await StreamAsync(ChatBodies.User("Hello there", stream: true));

        Assert.Equal(
        [
            Role(),
            Content("Simulated "),
            """{"error":{"message":"Output data may contain inappropriate content.","type":"data_inspection_failed","param":null,"code":"data_inspection_failed"},"request_id":"sim-req-1"}""",
        ],
        events);
    }

    [Fact]
    public async Task InBandErrorAfterChunks_CustomError_UsesGivenFields()
    {
        Simulator.Enqueue(SimulatorResponse.InBandErrorAfterChunks(0, "internal_error", "Boom.", "server_error"));

        var events = await StreamAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal(
            """{"error":{"message":"Boom.","type":"server_error","param":null,"code":"internal_error"},"request_id":"sim-req-1"}""",
            Assert.Single(events));
    }
}
