using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Scripting;

public sealed class ScriptOrderTests : SimulatorTestBase
{
    [Fact]
    public async Task Enqueue_Global_ServesInFifoOrderThenDefault()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("first"));
        Simulator.Enqueue(SimulatorResponse.Answer("second"));

        Assert.Equal("first", await AnswerAsync("a"));
        Assert.Equal("second", await AnswerAsync("b"));
        Assert.Equal("Simulated answer to: c", await AnswerAsync("c"));
    }

    [Fact]
    public async Task Enqueue_Marker_IsCheckedBeforeGlobal()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("global"));
        Simulator.Enqueue("[beta]", SimulatorResponse.Answer("beta 1"));
        Simulator.Enqueue("[beta]", SimulatorResponse.Answer("beta 2"));

        Assert.Equal("beta 1", await AnswerAsync("I am [beta]"));
        Assert.Equal("global", await AnswerAsync("I am [alpha]"));
        Assert.Equal("beta 2", await AnswerAsync("[beta] again"));
        Assert.Equal("Simulated answer to: [beta] done", await AnswerAsync("[beta] done"));
    }

    [Fact]
    public async Task ClearScript_DropsGlobalAndMarkerResponses()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("global"));
        Simulator.Enqueue("[m]", SimulatorResponse.Answer("marker"));

        Simulator.ClearScript();

        Assert.Equal("Simulated answer to: [m]", await AnswerAsync("[m]"));
    }

    [Fact]
    public async Task Enqueue_MarkersUnderConcurrency_EachCallerGetsItsOwnScript()
    {
        const int Callers = 50;
        foreach (var i in Enumerable.Range(0, Callers).Reverse())
        {
            Simulator.Enqueue($"[caller-{i}]", i % 5 == 0
                ? SimulatorResponse.Error(503)
                : SimulatorResponse.Answer($"answer for caller {i}"));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
        {
            var (status, body) = await SendAsync(ChatBodies.User($"Hello from [caller-{i}]"));
            return (Caller: i, Status: status, Body: body);
        }));

        Assert.All(results, r =>
        {
            if (r.Caller % 5 == 0)
            {
                Assert.Equal(503, r.Status);
            }
            else
            {
                Assert.Equal(200, r.Status);
                Assert.Contains($"\"content\":\"answer for caller {r.Caller}\"", r.Body, StringComparison.Ordinal);
            }
        });
        Assert.Equal(Callers, Simulator.Requests.Count);
    }

    private async Task<string?> AnswerAsync(string text)
    {
        var (_, body) = await SendAsync(ChatBodies.User(text));
        return JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
    }
}
