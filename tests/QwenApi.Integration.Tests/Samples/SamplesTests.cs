using System.Net.ServerSentEvents;
using QwenAgent;
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
}
