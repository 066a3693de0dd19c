using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

public sealed class ControlEndpointTests : SimulatorTestBase
{
    [Fact]
    public async Task GetRequests_AfterChatRequest_ReturnsItWithoutAuthorizationAndIsNotRecorded()
    {
        await SendAsync(ChatBodies.User("Hi"));

        var json = await Client.GetStringAsync(RequestsUri());

        var recorded = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray());
        Assert.Equal(1, recorded.GetProperty("sequence").GetInt32());
        Assert.Equal("POST", recorded.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", recorded.GetProperty("path").GetString());
        Assert.False(recorded.GetProperty("headers").TryGetProperty("Authorization", out _));
        Assert.Equal("application/json; charset=utf-8", recorded.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal(ChatBodies.User("Hi"), recorded.GetProperty("body").GetRawText());
        Assert.Single(Simulator.Requests);
    }

    [Fact]
    public async Task GetRequests_WithScriptQueued_DoesNotTakeTheScript()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("Scripted"));

        Assert.Equal("[]", await Client.GetStringAsync(RequestsUri()));
        var (_, body) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Equal("Scripted", SchemaAnswers.Content(body));
    }

    [Fact]
    public async Task DeleteRequests_AfterRequests_ForgetsThemWith204()
    {
        await SendAsync(ChatBodies.User("Hi"));

        using var response = await Client.DeleteAsync(RequestsUri());

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Empty(Simulator.Requests);
    }

    [Fact]
    public async Task UnknownControlPath_Returns404()
    {
        using var response = await Client.GetAsync(new Uri(Simulator.Endpoint, "/_simulator/nope"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Empty(Simulator.Requests);
    }

    [Fact]
    public async Task ToJson_RequestWithTextBody_WritesBodyAsString()
    {
        using var content = new StringContent("not json");
        using var response = await Client.PostAsync(SimulatorHttp.ChatUri(Simulator), content);

        Assert.Equal(
            """{"sequence":1,"method":"POST","path":"/v1/chat/completions","headers":{"Host":"HOST","Content-Type":"text/plain; charset=utf-8","Content-Length":"8"},"body":"not json"}""",
            Assert.Single(Simulator.Requests).ToJson().Replace(Simulator.Endpoint.Authority, "HOST", StringComparison.Ordinal));
    }

    private Uri RequestsUri() => new(Simulator.Endpoint, "/_simulator/requests");
}
