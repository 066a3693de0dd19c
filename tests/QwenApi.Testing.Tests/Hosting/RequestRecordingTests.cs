using System.Text;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

public sealed class RequestRecordingTests : SimulatorTestBase
{
    [Fact]
    public async Task Requests_AfterCalls_RecordsEachInArrivalOrder()
    {
        using var request = SimulatorHttp.ChatRequest(Simulator, ChatBodies.User("first"));
        request.Headers.Add("X-Custom", ["a", "b"]);
        using var first = await Client.SendAsync(request);
        _ = await SendAsync(ChatBodies.User("second"), apiKey: "wrong");

        var requests = Simulator.Requests;

        Assert.Equal(2, requests.Count);
        var recorded = requests[0];
        Assert.Equal(1, recorded.Sequence);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/v1/chat/completions", recorded.Path);
        Assert.Equal("Bearer sim-key", recorded.Headers["authorization"]);
        Assert.Equal("a, b", recorded.Headers["x-custom"]);
        Assert.Equal(ChatBodies.User("first"), recorded.Body);
        Assert.Equal("qwen-plus", recorded.Json?.GetProperty("model").GetString());
        Assert.Equal("first", recorded.LastUserMessage);
        Assert.Equal("second", requests[1].LastUserMessage);
        Assert.Equal(2, requests[1].Sequence);
    }

    [Fact]
    public async Task Requests_NonJsonBodyOnOtherPath_RecordedWithNullJson()
    {
        using var content = new StringContent("hello", Encoding.UTF8, "text/plain");
        using var response = await Client.PutAsync(Simulator.Endpoint + "/files?x=1", content);

        var recorded = Assert.Single(Simulator.Requests);
        Assert.Equal("PUT", recorded.Method);
        Assert.Equal("/v1/files", recorded.Path);
        Assert.Equal("hello", recorded.Body);
        Assert.Null(recorded.Json);
        Assert.Null(recorded.LastUserMessage);
    }

    [Fact]
    public async Task Requests_Snapshot_DoesNotChangeAfterwards()
    {
        _ = await SendAsync(ChatBodies.User("one"));
        var snapshot = Simulator.Requests;

        _ = await SendAsync(ChatBodies.User("two"));

        Assert.Single(snapshot);
        Assert.Equal(2, Simulator.Requests.Count);
    }

    [Fact]
    public async Task ClearRequests_ForgetsRequestsButKeepsCounting()
    {
        _ = await SendAsync(ChatBodies.User("one"));

        Simulator.ClearRequests();
        _ = await SendAsync(ChatBodies.User("two"));

        Assert.Equal(2, Assert.Single(Simulator.Requests).Sequence);
    }

    [Fact]
    public async Task Requests_ConcurrentCalls_AllRecordedInSequenceOrder()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SendAsync(ChatBodies.User($"call {i}"))));

        Assert.Equal(Enumerable.Range(1, 20), Simulator.Requests.Select(r => r.Sequence));
    }
}
