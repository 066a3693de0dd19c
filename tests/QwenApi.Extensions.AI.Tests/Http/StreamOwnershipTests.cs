using System.Text.RegularExpressions;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// A streaming result may be enumerated any number of times, in turn or at once, before or after other calls: each
/// enumeration is its own complete call with its own copy of the request, and no call ever sends another's bytes.
/// However a call ends (completed, canceled, abandoned), nothing it rented stays rented and nothing stays open.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed partial class StreamOwnershipTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Stream_EnumeratedSeveralTimesInTurn_EachEnumerationSendsTheSameRequestAndGetsTheWholeAnswer(int times)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = TestClients.Create(simulator);
        IAsyncEnumerable<ChatResponseUpdate> result = client.GetStreamingResponseAsync("the only prompt");

        for (int i = 0; i < times; i++)
        {
            Assert.Equal(ChatCalls.AnswerTo("the only prompt"), (await result.ToChatResponseAsync()).Text);
        }

        Assert.Equal(times, simulator.Requests.Count);
        Assert.All(simulator.Requests, r => Assert.Equal(simulator.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Stream_EnumeratedConcurrently_EachEnumerationIsItsOwnCall()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = TestClients.Create(simulator);
        IAsyncEnumerable<ChatResponseUpdate> result = client.GetStreamingResponseAsync("shared result");

        ChatResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => result.ToChatResponseAsync())));

        Assert.All(answers, a => Assert.Equal(ChatCalls.AnswerTo("shared result"), a.Text));
        Assert.Equal(16, simulator.Requests.Count);
        Assert.All(simulator.Requests, r => Assert.Equal(simulator.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Stream_EnumeratedAfterOtherCalls_StillSendsItsOwnPrompt()
    {
        // The reproduction of the leak: enumerate a stream twice, start two ordinary calls, then enumerate the first again.
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = TestClients.Create(simulator);
        IAsyncEnumerable<ChatResponseUpdate> first = client.GetStreamingResponseAsync("secret of caller A");
        await first.ToChatResponseAsync();
        await first.ToChatResponseAsync();

        string b = (await client.GetResponseAsync("secret of caller B")).Text;
        string c = (await client.GetStreamingResponseAsync("secret of caller C").ToChatResponseAsync()).Text;
        string again = (await first.ToChatResponseAsync()).Text;

        Assert.Equal(
            [ChatCalls.AnswerTo("secret of caller B"), ChatCalls.AnswerTo("secret of caller C"), ChatCalls.AnswerTo("secret of caller A")],
            [b, c, again]);
        Assert.Equal(["A", "A", "B", "C", "A"], simulator.Requests.Select(r => Secrets(r.Body).Single()[^1..]));
    }

    [Fact]
    public async Task Calls_ManyConcurrentWithDistinctSecrets_EveryRequestCarriesExactlyItsOwnSecret()
    {
        const int Callers = 96;
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = TestClients.Create(simulator);

        // A third unary, a third streamed once, a third streamed twice at once: every request body must hold one secret,
        // its own, and every answer must be the answer to that secret.
        async Task<(string Secret, string[] Answers)> CallAsync(int i)
        {
            string secret = $"canary-{i:D3}-{Guid.NewGuid():N}";
            string prompt = $"Repeat {secret} please";
            switch (i % 3)
            {
                case 0:
                    return (secret, [(await client.GetResponseAsync(prompt)).Text]);
                case 1:
                    return (secret, [(await client.GetStreamingResponseAsync(prompt).ToChatResponseAsync()).Text]);
                default:
                    IAsyncEnumerable<ChatResponseUpdate> result = client.GetStreamingResponseAsync(prompt);
                    ChatResponse[] both = await Task.WhenAll(result.ToChatResponseAsync(), result.ToChatResponseAsync());
                    return (secret, [.. both.Select(r => r.Text)]);
            }
        }

        (string Secret, string[] Answers)[] results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => CallAsync(i))));

        foreach ((string secret, string[] answers) in results)
        {
            Assert.All(answers, a => Assert.Equal(ChatCalls.AnswerTo($"Repeat {secret} please"), a));
        }

        Dictionary<string, int> seen = simulator.Requests.Select(r => Assert.Single(Secrets(r.Body))).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(results.ToDictionary(r => r.Secret, r => r.Answers.Length), seen);
    }

    [Theory]
    [InlineData("disposed before the first MoveNext")]
    [InlineData("canceled before headers")]
    [InlineData("canceled before the first update")]
    [InlineData("break after the first update")]
    [InlineData("canceled mid-stream")]
    [InlineData("unary canceled before headers")]
    [InlineData("completed")]
    public async Task Call_EndingInAnyPhase_LeavesNothingRentedOrUndisposed(string phase)
    {
        long rentedBefore = PooledBufferWriter.Outstanding;
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(phase switch
        {
            "canceled before headers" or "unary canceled before headers" => SimulatorResponse.StallBeforeHeaders(),
            "canceled before the first update" => SimulatorResponse.StallAfterChunks(0),
            "canceled mid-stream" => SimulatorResponse.StallAfterChunks(3),
            _ => SimulatorResponse.Answer("one two three four"),
        });
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler);
        using var client = new QwenChatClient(
            TestClients.Options(simulator, clock),
            http);
        using var cts = new CancellationTokenSource();

        Exception? error = await ClockDriver.Guard(Record.ExceptionAsync(async () =>
        {
            if (phase == "unary canceled before headers")
            {
                Task<ChatResponse> call = client.GetResponseAsync("hi", cancellationToken: cts.Token);
                await simulator.WaitForRequestAsync(1);
                await cts.CancelAsync();
                await call;
                return;
            }

            await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).GetAsyncEnumerator();
            switch (phase)
            {
                case "disposed before the first MoveNext":
                    return;
                case "canceled before headers":
                case "canceled before the first update":
                    ValueTask<bool> first = updates.MoveNextAsync();
                    await simulator.WaitForRequestAsync(1);
                    await cts.CancelAsync();
                    await first;
                    return;
                case "break after the first update":
                    Assert.True(await updates.MoveNextAsync());
                    return;
                case "canceled mid-stream":
                    Assert.True(await updates.MoveNextAsync());
                    await cts.CancelAsync();
                    while (await updates.MoveNextAsync())
                    {
                    }

                    return;
                default:
                    while (await updates.MoveNextAsync())
                    {
                    }

                    return;
            }
        }));

        if (phase.Contains("canceled", StringComparison.Ordinal))
        {
            Assert.Equal(cts.Token, Assert.IsAssignableFrom<OperationCanceledException>(error).CancellationToken);
        }
        else
        {
            Assert.Null(error);
        }

        Assert.Equal(0, handler.LiveResponses);
        Assert.Equal(0, clock.LiveTimers);
        Assert.Equal(rentedBefore, PooledBufferWriter.Outstanding);
    }

    private static string[] Secrets(string body) => [.. SecretPattern().Matches(body).Select(m => m.Value).Distinct()];

    [GeneratedRegex(@"canary-\d{3}-[0-9a-f]{32}|secret of caller [A-C]")]
    private static partial Regex SecretPattern();
}
