using System.Net.ServerSentEvents;
using QwenAgent;
using QwenRag;
using QwenSemanticKernel;
using QwenWebApi;

namespace QwenApi.Integration.Tests.Samples;

/// <summary>Each sample runs offline against the simulator and produces its exact output.</summary>
public sealed class SamplesTests
{
    [Fact]
    public async Task SemanticKernelSample_Offline_CallsThePluginAndStreamsTheAnswer()
    {
        var output = new StringWriter();
        var log = new StringWriter();

        int code = await SemanticKernelSample.RunAsync(output, log, apiKey: null);

        Assert.Equal(0, code);
        Assert.Equal(
            """
            user: Turn on the kitchen lights, please.
            assistant: Tool result received: The sample lights are on.
            (the history now holds 4 messages, including the tool call and its result)

            """.ReplaceLineEndings(),
            output.ToString());
        Assert.StartsWith("QWEN_API_KEY is not set: using the local Qwen simulator at http://127.0.0.1:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Thinking about: Turn on the kitchen lights, please.", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentSample_Offline_AnswersTwoTurnsWithTheTool()
    {
        var output = new StringWriter();

        int code = await AgentSample.RunAsync(output, new StringWriter(), apiKey: null);

        Assert.Equal(0, code);
        Assert.Equal(
            """
            user: What's the weather in Paris?
            agent: Tool result received: Sunny, 22 °C in sample
            user: And in Rome?
            agent: Tool result received: Sunny, 22 °C in sample

            """.ReplaceLineEndings(),
            output.ToString());
    }

    [Fact]
    public async Task WebSample_GetChat_StreamsReasoningAnswerAndFinishOverSse()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        await using QwenWebApp web = await QwenWebApp.StartAsync(
            ["--urls=http://127.0.0.1:0", $"--Qwen:ApiKey={simulator.ApiKey}", $"--Qwen:Endpoint={simulator.Endpoint}", "--Qwen:ModelId=qwen-max"],
            TextWriter.Null);
        using var http = new HttpClient { BaseAddress = web.Address };

        using HttpResponseMessage response = await http.GetAsync(new Uri("/chat?q=Hello%20there", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<SseItem<string>>();
        await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            events.Add(item);
        }

        Assert.Equal("Thinking about: Hello there", string.Concat(events.Where(e => e.EventType == "reasoning").Select(e => e.Data)));
        Assert.Equal("Simulated answer to: Hello there", string.Concat(events.Where(e => e.EventType == "answer").Select(e => e.Data)));
        Assert.Equal(("done", "stop"), (events[^1].EventType, events[^1].Data));
        Assert.Equal("qwen-max", Assert.Single(simulator.Requests).Json!.Value.GetProperty("model").GetString());
        Assert.True(events.FindIndex(e => e.EventType == "answer") > events.FindLastIndex(e => e.EventType == "reasoning"));
    }

    [Theory]
    [InlineData(RagSample.DefaultQuestion, "0.371  Octopuses have three hearts and blue blood.", "0.035  Honey keeps for centuries: edible honey was found in ancient Egyptian tombs.")]
    [InlineData("Which planet is the hottest?", "0.667  Venus is the hottest planet in the solar system.", "0.272  Mount Everest is the highest mountain above sea level.")]
    public async Task RagSample_Offline_RetrievesTheMatchingFactFirstAndStreamsAnAnswer(string question, string nearest, string second)
    {
        var output = new StringWriter();
        var log = new StringWriter();

        int code = await RagSample.RunAsync(output, log, question, apiKey: null);

        // The simulator's vectors are deterministic, so are the cosine scores; its answer echoes the question.
        Assert.Equal(0, code);
        Assert.Equal(
            string.Join(Environment.NewLine, ["question: " + question, "--- nearest documents ---", nearest, second, "--- answer ---", "Simulated answer to: " + question, ""]),
            output.ToString());
        Assert.StartsWith("QWEN_API_KEY is not set: using the embedded Qwen simulator at http://127.0.0.1:", log.ToString(), StringComparison.Ordinal);
    }
}
