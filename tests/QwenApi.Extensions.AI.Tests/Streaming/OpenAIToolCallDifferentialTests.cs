using System.ClientModel;
using OpenAI;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// The same SSE bytes, served over loopback, read by our client and by MEAI's OpenAI provider
/// (<c>OpenAIClient…AsIChatClient()</c>): the function calls after <c>ToChatResponse()</c> (call id, name, arguments)
/// must be the same. Where the OpenAI SDK misreads a stream (no <c>index</c>), the reference is what it reads from the
/// same calls with their index.
/// </summary>
public sealed class OpenAIToolCallDifferentialTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private static string Fragments(string toolCalls) => Sse.Delta($$"""{"content":null,"tool_calls":{{toolCalls}}}""");

    private static string Body(params string[] chunks) => Sse.BodyWithDone([.. chunks, Sse.Delta("{}", "tool_calls"), Sse.Usage(10, 5)]);

    private async Task<(string Id, string Name, string Arguments)[]> Ours(string body)
    {
        _simulator.Enqueue(Sse.Response(body));
        using QwenChatClient client = TestClients.Create(_simulator);
        return ToolCallIdentityTests.Calls(await client.GetStreamingResponseAsync("hi").ToChatResponseAsync());
    }

    private async Task<(string Id, string Name, string Arguments)[]> OpenAI(string body)
    {
        _simulator.Enqueue(Sse.Response(body));
        using IChatClient client = new OpenAIClient(new ApiKeyCredential(_simulator.ApiKey), new OpenAIClientOptions { Endpoint = _simulator.Endpoint })
            .GetChatClient("qwen-plus").AsIChatClient();
        ChatResponse response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        // A call with empty arguments ("" on the wire, a parameterless tool) is an empty object for us and null for the
        // OpenAI provider; that difference is deliberate (ResponseMapping.CreateFunctionCall) and not what is compared here
        // (invalid arguments stay apart: ours are null then).
        return [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => (c.CallId, c.Name, c.Arguments is null ? "{}" : System.Text.Json.JsonSerializer.Serialize(c.Arguments)))];
    }

    public static TheoryData<string> IndexedStreams => new()
    {
        // Qwen's quirks: id and name only on the first fragment, "id":"" after, a trailing "function":{}.
        Body(
            Fragments("""[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]"""),
            Fragments("""[{"index":0,"id":"","type":"function","function":{"arguments":"{\"city\": \"Par"}}]"""),
            Fragments("""[{"index":0,"id":"","type":"function","function":{"arguments":"is\"}"}}]"""),
            Fragments("""[{"function":{},"index":0,"id":"","type":"function"}]"""),
            Fragments("""[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]"""),
            Fragments("""[{"function":{"arguments":""},"index":1,"id":"","type":"function"}]""")),

        // Interleaved indexes, and two calls in one delta.
        Body(
            Fragments("""[{"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{\"x\":"}},{"index":1,"id":"call_b","type":"function","function":{"name":"b","arguments":"{\"y\":"}}]"""),
            Fragments("""[{"index":2,"id":"call_c","type":"function","function":{"name":"c","arguments":"{}"}}]"""),
            Fragments("""[{"index":1,"id":"","type":"function","function":{"arguments":"2}"}}]"""),
            Fragments("""[{"index":0,"id":"","type":"function","function":{"arguments":"1}"}}]""")),
    };

    [Theory]
    [MemberData(nameof(IndexedStreams))]
    public async Task Stream_IndexedToolCalls_SameCallsAsOpenAIProvider(string body)
    {
        var expected = await OpenAI(body);

        Assert.Equal(expected, await Ours(body));
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Stream_ToolCallsWithoutIndex_SameCallsAsOpenAIProviderReadsWhenIndexed()
    {
        // The held-out finding's stream, and the same stream with the index the server left out.
        string indexless = Body(
            Fragments("""[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]"""),
            Fragments("""[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]"""),
            Fragments("""[{"id":"call_c","type":"function","function":{"name":"news","arguments":"{\"topic\":"}}]"""),
            Fragments("""[{"id":"","type":"function","function":{"arguments":"\"rain\"}"}}]"""));
        string indexed = Body(
            Fragments("""[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]"""),
            Fragments("""[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]"""),
            Fragments("""[{"index":2,"id":"call_c","type":"function","function":{"name":"news","arguments":"{\"topic\":"}}]"""),
            Fragments("""[{"index":2,"id":"","type":"function","function":{"arguments":"\"rain\"}"}}]"""));

        // Not OpenAI(indexless): the OpenAI SDK (2.x, under Microsoft.Extensions.AI.OpenAI 10.11) reads a missing index
        // as 0, so it has the bug this fixes: call_c vanishes and its arguments are appended to call_a's, which then fail
        // to parse. What the stream means is the indexed stream, so that is the reference.
        var reference = await OpenAI(indexed);

        Assert.Equal(3, reference.Length);
        Assert.Equal(reference, await Ours(indexless));
        Assert.Equal(reference, await Ours(indexed));
    }
}
