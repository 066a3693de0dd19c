using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// Every response is disposed: a failed one before the retry is sent, a stream when it ends in any way (completed,
/// failed, or abandoned by the consumer). Checked on a real handler that counts live responses and connections.
/// </summary>
public sealed class ResponseDisposalTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_SeveralFailuresBeforeSuccess_DisposesEachFailedResponseBeforeTheNextAttempt(bool stream)
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503, "<html>busy</html>", contentType: "text/html"));
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        simulator.Enqueue(stream ? SimulatorResponse.DropAfterChunks(1) : SimulatorResponse.Replay("""{"error":{"message":"busy","code":"internal_error"}}""", "application/json"));
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler);
        using var client = new QwenChatClient(TestClients.Options(simulator, clock), http);

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream);
        await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hi"), await call);
        Assert.Equal([0, 0, 0, 0], handler.LiveResponsesAtSend);
        Assert.Equal(0, handler.LiveResponses);
    }

    [Theory]
    [InlineData("complete")]
    [InlineData("interrupted")]
    [InlineData("in-band")]
    [InlineData("abandoned")]
    public async Task Stream_EndingAnyWay_LeavesNoLiveResponse(string ending)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(ending switch
        {
            "interrupted" => SimulatorResponse.DropAfterChunks(3),
            "in-band" => SimulatorResponse.InBandErrorAfterChunks(3),
            "abandoned" => SimulatorResponse.StallAfterChunks(3),
            _ => SimulatorResponse.Answer("one two three"),
        });
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler);
        using var client = new QwenChatClient(TestClients.Options(simulator, new TrackingTimeProvider()), http);

        int updates = 0;
        await ClockDriver.Guard(Record.ExceptionAsync(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                if (++updates == 2 && ending == "abandoned")
                {
                    break; // the consumer walks away from a stream that would never end
                }
            }
        }));

        Assert.True(updates >= 2);
        Assert.Equal(0, handler.LiveResponses);
        Assert.Equal(1, handler.ConnectionsOpened);
    }
}
