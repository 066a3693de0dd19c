using System.Text.Json;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Which call a tool-call fragment belongs to when the server omits <c>index</c> (some OpenAI-compatible servers do) or
/// reuses one: a new id is a new call, never folded into another; fragments without id continue the most recent call.
/// Each stream is checked against the unary reader given the same calls as one complete array.
/// </summary>
public sealed class ToolCallIdentityTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private static string Fragments(string toolCalls) => Sse.Delta($$"""{"content":null,"tool_calls":{{toolCalls}}}""");

    private async Task<(string Id, string Name, string Arguments)[]> StreamCalls(params string[] chunks)
    {
        _simulator.Enqueue(Sse.Response(Sse.BodyWithDone([.. chunks, Sse.Delta("{}", "tool_calls")])));
        using QwenChatClient client = TestClients.Create(_simulator);
        ChatResponse response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        return Calls(response);
    }

    private async Task<(string Id, string Name, string Arguments)[]> UnaryCalls(string toolCalls)
    {
        string body = $$"""{"id":"chatcmpl-u","object":"chat.completion","created":1770764857,"model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":{{toolCalls}}},"finish_reason":"tool_calls"}]}""";
        _simulator.Enqueue(SimulatorResponse.Replay(body, "application/json"));
        using QwenChatClient client = TestClients.Create(_simulator);
        return Calls(await client.GetResponseAsync("hi"));
    }

    internal static (string Id, string Name, string Arguments)[] Calls(ChatResponse response) =>
        [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => (c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments)))];

    [Fact]
    public async Task Stream_NewIdWithoutIndexAfterIndexedCalls_IsAThirdCall()
    {
        // The held-out finding: the index-less fragment was numbered by its array position (0) and folded into call 0.
        var calls = await StreamCalls(
            Fragments("""[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]"""),
            Fragments("""[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]"""),
            Fragments("""[{"id":"call_c","type":"function","function":{"name":"news","arguments":"{\"topic\":"}}]"""),
            Fragments("""[{"id":"","type":"function","function":{"arguments":"\"rain\"}"}}]"""));

        Assert.Equal(
            [("call_a", "weather", """{"city":"Paris"}"""), ("call_b", "time", "{}"), ("call_c", "news", """{"topic":"rain"}""")],
            calls);
        Assert.Equal(calls, await UnaryCalls("""[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}},{"id":"call_c","type":"function","function":{"name":"news","arguments":"{\"topic\":\"rain\"}"}}]"""));
    }

    [Fact]
    public async Task Stream_NoIndexAnywhere_IdsStartCallsAndIdlessPiecesContinueTheLatest()
    {
        var calls = await StreamCalls(
            Fragments("""[{"id":"call_a","type":"function","function":{"name":"f","arguments":""}}]"""),
            Fragments("""[{"function":{"arguments":"{\"x\":"}}]"""),
            Fragments("""[{"id":"","function":{"arguments":"1}"}}]"""),
            Fragments("""[{"id":"call_b","type":"function","function":{"name":"f","arguments":"{\"x\":"}}]"""),
            Fragments("""[{"function":{"arguments":"2}"}}]"""),
            Fragments("""[{"function":{}}]"""));

        Assert.Equal([("call_a", "f", """{"x":1}"""), ("call_b", "f", """{"x":2}""")], calls);
        Assert.Equal(calls, await UnaryCalls("""[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}},{"id":"call_b","type":"function","function":{"name":"f","arguments":"{\"x\":2}"}}]"""));
    }

    [Fact]
    public async Task Stream_NoIndexButIdRepeatedOnEveryFragment_InterleavedCallsStayApart()
    {
        var calls = await StreamCalls(
            Fragments("""[{"id":"call_a","function":{"name":"a","arguments":"{\"x\":"}}]"""),
            Fragments("""[{"id":"call_b","function":{"name":"b","arguments":"{\"y\":"}}]"""),
            Fragments("""[{"id":"call_a","function":{"name":"a","arguments":"1}"}}]"""),
            Fragments("""[{"id":"call_b","function":{"arguments":"2}"}}]"""));

        Assert.Equal([("call_a", "a", """{"x":1}"""), ("call_b", "b", """{"y":2}""")], calls);
    }

    [Fact]
    public async Task Stream_IndexedCallContinuedWithoutIndex_ContinuesThatCall()
    {
        var calls = await StreamCalls(
            Fragments("""[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{\"x\":"}}]"""),
            Fragments("""[{"function":{"arguments":"1}"}}]"""),
            Fragments("""[{"index":1,"id":"call_b","function":{"name":"b","arguments":"{\"y\":"}}]"""),
            Fragments("""[{"id":"call_b","function":{"arguments":"2}"}}]"""));

        Assert.Equal([("call_a", "a", """{"x":1}"""), ("call_b", "b", """{"y":2}""")], calls);
    }

    [Fact]
    public async Task Stream_IndexReusedWithAnotherId_IsANewCallAtThatIndexAndItsPiecesFollowIt()
    {
        // A server that numbers each call 0: the index says "the call at 0", the new id says it is another one.
        var calls = await StreamCalls(
            Fragments("""[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{\"x\":1}"}}]"""),
            Fragments("""[{"index":0,"id":"call_b","function":{"name":"b","arguments":"{\"y\":"}}]"""),
            Fragments("""[{"index":0,"id":"","function":{"arguments":"2}"}}]"""),
            Fragments("""[{"index":1,"id":"call_c","function":{"name":"c","arguments":"{}"}}]"""));

        Assert.Equal([("call_a", "a", """{"x":1}"""), ("call_b", "b", """{"y":2}"""), ("call_c", "c", "{}")], calls);
        Assert.Equal(calls, await UnaryCalls("""[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{\"x\":1}"}},{"index":0,"id":"call_b","function":{"name":"b","arguments":"{\"y\":2}"}},{"index":1,"id":"call_c","function":{"name":"c","arguments":"{}"}}]"""));
    }

    [Fact]
    public async Task Stream_IndexReusedWithoutIdButAnotherName_IsANewCall()
    {
        var calls = await StreamCalls(
            Fragments("""[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{}"}}]"""),
            Fragments("""[{"index":0,"function":{"name":"b","arguments":"{}"}}]"""),
            Fragments("""[{"index":0,"function":{"name":"b","arguments":""}}]"""));

        Assert.Equal([("call_a", "a", "{}"), (string.Empty, "b", "{}")], calls);
    }

    [Fact]
    public async Task Stream_NoIndexNoIdButANameAfterANamedCall_IsANewCall()
    {
        // Two calls of the same function from a server that sends neither index nor id: the name is what starts a call.
        var calls = await StreamCalls(
            Fragments("""[{"function":{"name":"f","arguments":"{\"x\":"}}]"""),
            Fragments("""[{"function":{"arguments":"1}"}}]"""),
            Fragments("""[{"function":{"name":"f","arguments":"{\"x\":2}"}}]"""));

        Assert.Equal([(string.Empty, "f", """{"x":1}"""), (string.Empty, "f", """{"x":2}""")], calls);
        Assert.Equal(calls, await UnaryCalls("""[{"function":{"name":"f","arguments":"{\"x\":1}"}},{"function":{"name":"f","arguments":"{\"x\":2}"}}]"""));
    }

    [Fact]
    public async Task Stream_SeveralIndexlessCallsInOneDelta_StayApart()
    {
        var calls = await StreamCalls(
            Fragments("""[{"id":"call_a","function":{"name":"a","arguments":"{}"}},{"id":"call_b","function":{"name":"b","arguments":"{}"}}]"""));

        Assert.Equal([("call_a", "a", "{}"), ("call_b", "b", "{}")], calls);
    }

    [Fact]
    public async Task Stream_IndexlessCallThenIndexedCallsAroundIt_OrderedByIndexThenArrival()
    {
        // An index-less call takes the next index after those seen (2 here); a later call that names index 2 with
        // another id is a new call after it, and its index-less continuation follows it, not call 0.
        var calls = await StreamCalls(
            Fragments("""[{"index":1,"id":"call_b","function":{"name":"b","arguments":"{}"}}]"""),
            Fragments("""[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{}"}}]"""),
            Fragments("""[{"id":"call_c","function":{"name":"c","arguments":"{}"}}]"""),
            Fragments("""[{"index":2,"id":"call_d","function":{"name":"d","arguments":"{\"z\":"}}]"""),
            Fragments("""[{"function":{"arguments":"4}"}}]"""));

        Assert.Equal([("call_a", "a", "{}"), ("call_b", "b", "{}"), ("call_c", "c", "{}"), ("call_d", "d", """{"z":4}""")], calls);
    }
}
