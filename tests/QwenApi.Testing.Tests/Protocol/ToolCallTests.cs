using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;
using static QwenApi.Testing.Tests.TestUtilities.ExpectedChunks;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class ToolCallTests : SimulatorTestBase
{
    private const string TwoTools = $$"""{"tools":[{{ChatBodies.WeatherTool}},{{ChatBodies.TimeTool}}]""";

    [Fact]
    public async Task Unary_Tools_CallsFirstToolWithArgumentsValidForItsSchema()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Weather?", extra: TwoTools + "}"));

        Assert.Equal(
            """{"choices":[{"message":{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":"{\"city\":\"sample\",\"days\":1,\"threshold\":1.5,\"metric\":true,\"tags\":[\"sample\",\"sample\"]}","name":"get_weather"},"id":"call_sim_1_0","index":0,"type":"function"}]},"finish_reason":"tool_calls","index":0,"logprobs":null}],"object":"chat.completion","usage":{"prompt_tokens":2,"completion_tokens":10,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0}},"created":1770764906,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-sim-1"}""",
            body);
    }

    [Fact]
    public async Task Stream_Tools_SendsQwenFragmentsWithRoleInFirstAndEmptyIdsAfter()
    {
        var events = await StreamAsync(ChatBodies.User("Time?", stream: true, extra: $$"""{"tools":[{{ChatBodies.TimeTool}}]}"""));

        Assert.Equal(
        [
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"call_sim_1_0","type":"function","function":{"name":"get_time","arguments":""}}],"role":"assistant"}"""),
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"{\"zone\":"}}]}"""),
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"\"sample\"}"}}]}"""),
            TrailingToolFragment(0),
            Finish("tool_calls"),
            "[DONE]",
        ],
        events);
    }

    [Fact]
    public async Task Stream_ParallelToolCalls_CallsEveryToolOneIndexAfterAnother()
    {
        var events = await StreamAsync(ChatBodies.User("Both?", stream: true, extra: TwoTools + ""","parallel_tool_calls":true}"""));

        var calls = ToolCallFragments(events);
        var indexes = calls.Select(c => c.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(indexes.Order(), indexes);
        var second = indexes.IndexOf(1);
        Assert.Equal("get_weather", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("call_sim_1_1", calls[second].GetProperty("id").GetString());
        Assert.Equal("get_time", calls[second].GetProperty("function").GetProperty("name").GetString());
        Assert.All(calls.Skip(1).Where(c => c.GetProperty("index").GetInt32() == 0), c => Assert.Equal("", c.GetProperty("id").GetString()));
        Assert.Equal(
            """{"city":"sample","days":1,"threshold":1.5,"metric":true,"tags":["sample","sample"]}""",
            string.Concat(calls.Take(second).Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal(
            """{"zone":"sample"}""",
            string.Concat(calls.Skip(second).Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal(Finish("tool_calls"), events[^2]);
    }

    [Fact]
    public async Task Unary_ToolChoiceObject_CallsNamedTool()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Time?", extra: TwoTools + ""","tool_choice":{"type":"function","function":{"name":"get_time"}}}"""));

        var call = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("get_time", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"zone":"sample"}""", call.GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Unary_ToolChoiceNone_AnswersWithText()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Time?", extra: TwoTools + ""","tool_choice":"none"}"""));

        Assert.Contains("\"content\":\"Simulated answer to: Time?\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("tool_calls", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_LastMessageIsToolResult_AnswersWithToolResult()
    {
        var body = $$$"""
            {"model":"qwen-plus","tools":[{{{ChatBodies.TimeTool}}}],"messages":[
              {"role":"user","content":"Time?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"call_sim_1_0","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_sim_1_0","content":"12:00"}]}
            """;

        var (_, response) = await SendAsync(body);

        var choice = JsonDocument.Parse(response).RootElement.GetProperty("choices")[0];
        Assert.Equal("Tool result received: 12:00", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Unary_ToolResultWithoutPrecedingCall_Returns400()
    {
        var body = $$$"""
            {"model":"qwen-plus","messages":[
              {"role":"user","content":"Time?"},
              {"role":"assistant","content":""},
              {"role":"tool","tool_call_id":"call_missing","content":"12:00"}]}
            """;

        var (status, response) = await SendAsync(body);

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(response).RootElement.GetProperty("error");
        Assert.Equal("messages[2].tool_call_id", error.GetProperty("param").GetString());
        Assert.Contains("call_missing", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ToolsWithThinking_ReasonsThenCallsWithoutRoleInFragment()
    {
        var events = await StreamAsync(ChatBodies.User("Time?", stream: true, extra: $$"""{"enable_thinking":true,"tools":[{{ChatBodies.TimeTool}}]}"""));

        Assert.Equal(Delta("""{"content":null,"role":"assistant","reasoning_content":""}"""), events[0]);
        Assert.Equal(
            Delta("""{"content":null,"tool_calls":[{"index":0,"id":"call_sim_1_0","type":"function","function":{"name":"get_time","arguments":""}}]}"""),
            events[4]);
    }

    private static List<JsonElement> ToolCallFragments(List<string> events) =>
    [
        .. events
            .Where(e => e.Contains("tool_calls\":[", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0]),
    ];
}
