using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;
using static QwenApi.Testing.Tests.TestUtilities.ExpectedChunks;

namespace QwenApi.Testing.Tests.Scripting;

public sealed class ScriptedAnswerTests : SimulatorTestBase
{
    [Fact]
    public async Task Answer_StreamedRequest_StreamsScriptedTextToken()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("Scripted reply"));

        var events = await StreamAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal([Role(), Content("Scripted "), Content("reply"), Finish("stop"), "[DONE]"], events);
    }

    [Fact]
    public async Task Answer_WithReasoning_SendsReasoningEvenWithoutEnableThinking()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("42", reasoning: "Let me think."));

        var (_, body) = await SendAsync(ChatBodies.User("Hi"));

        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("42", message.GetProperty("content").GetString());
        Assert.Equal("Let me think.", message.GetProperty("reasoning_content").GetString());
        Assert.Contains("\"reasoning_tokens\":3", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_NonAsciiText_SentAsRawUtf8LikeQwen()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("草莓 → \"3\""));

        var (_, body) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Contains("\"content\":\"草莓 → \\\"3\\\"\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolCalls_WithTextAndIds_StreamsTextThenCallsWithoutRoleInFragment()
    {
        Simulator.Enqueue(SimulatorResponse.ToolCalls("Checking.", new SimulatorToolCall("lookup", """{"q":"x"}""", "call_abc")));

        var events = await StreamAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal(
        [
            Role(),
            Content("Checking."),
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"lookup","arguments":""}}]}"""),
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"{\"q\""}}]}"""),
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":":\"x\"}"}}]}"""),
            TrailingToolFragment(0),
            Finish("tool_calls"),
            "[DONE]",
        ],
        events);
    }

    [Fact]
    public async Task ToolCalls_Unary_ReturnsEmptyContentAndGeneratedIds()
    {
        Simulator.Enqueue(SimulatorResponse.ToolCalls(new SimulatorToolCall("a", "{}"), new SimulatorToolCall("b", "{}")));

        var (_, body) = await SendAsync(ChatBodies.User("Hi"));

        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("", message.GetProperty("content").GetString());
        Assert.Equal(["call_sim_1_0", "call_sim_1_1"], message.GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Contains("\"completion_tokens\":20", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithHeaders_DefaultAnswer_AddsHeaders()
    {
        Simulator.Enqueue(SimulatorResponse.WithHeaders(new Dictionary<string, string> { ["x-ratelimit-remaining-requests"] = "7" }));

        using var response = await PostAsync(ChatBodies.User("Hi"));

        Assert.Equal("7", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining-requests")));
        Assert.Contains("Simulated answer to: Hi", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithHeaders_ScriptedAnswer_KeepsTheAnswer()
    {
        Simulator.Enqueue(SimulatorResponse.WithHeaders(new Dictionary<string, string> { ["x-extra"] = "1" }, SimulatorResponse.Answer("kept")));

        using var response = await PostAsync(ChatBodies.User("Hi", stream: true));

        Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-extra")));
        Assert.Contains(Content("kept"), await SimulatorHttp.ReadEventsAsync(response));
    }

    [Fact]
    public async Task Error_WithRetryAfterHeaders_SendsStatusHeadersAndDefaultEnvelope()
    {
        Simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string>
        {
            ["Retry-After"] = "Wed, 21 Oct 2026 07:28:00 GMT",
            ["retry-after-ms"] = "1500",
        }));

        using var response = await PostAsync(ChatBodies.User("Hi"));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 10, 21, 7, 28, 0, TimeSpan.Zero), response.Headers.RetryAfter?.Date);
        Assert.Equal("1500", Assert.Single(response.Headers.GetValues("retry-after-ms")));
        Assert.Equal("sim-req-1", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal(
            """{"error":{"message":"Requests rate limit exceeded, please try again later.","type":"limit_requests","param":null,"code":"limit_requests"},"request_id":"sim-req-1"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Error_CustomBodyAndContentType_SentVerbatim()
    {
        Simulator.Enqueue(SimulatorResponse.Error(502, "<html>Bad gateway</html>", contentType: "text/html"));

        using var response = await PostAsync(ChatBodies.User("Hi"));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html>Bad gateway</html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Error_RedirectWithLocation_ClientFollowsWithTheBody()
    {
        var target = Simulator.Endpoint + "/moved/chat/completions";
        Simulator.Enqueue(SimulatorResponse.Error(307, headers: new Dictionary<string, string> { ["Location"] = target }));

        // HttpClient drops Authorization on redirect, so script the second answer too (scripts skip auth).
        Simulator.Enqueue(SimulatorResponse.Answer("moved"));
        var (status, body) = await SendAsync(ChatBodies.User("Hi"));

        Assert.Equal(200, status);
        Assert.Contains("\"id\":\"chatcmpl-sim-2\"", body, StringComparison.Ordinal);
        Assert.Equal(["/v1/chat/completions", "/v1/moved/chat/completions"], Simulator.Requests.Select(r => r.Path));
        Assert.Equal(ChatBodies.User("Hi"), Simulator.Requests[1].Body);
    }
}
