using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;
using static QwenApi.Testing.Tests.TestUtilities.ExpectedChunks;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class ResponseFormatTests : SimulatorTestBase
{
    private const string PersonSchema =
        """{"type":"object","properties":{"name":{"type":"string"},"mood":{"enum":["happy","sad"]}},"required":["name","mood"]}""";

    [Fact]
    public async Task Unary_JsonObject_AnswersObjectHoldingDefaultAnswer()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Reply in json", extra: """{"response_format":{"type":"json_object"}}"""));

        Assert.Equal("""{"answer":"Simulated answer to: Reply in json"}""", SchemaAnswers.Content(body));
    }

    [Fact]
    public async Task Unary_JsonObjectWithSchemaFencedInPrompt_AnswersSampleOfThatSchema()
    {
        var prompt = "Who? Respond with a JSON value conforming to the following schema:\n```json\n" + PersonSchema + "\n```";

        var (_, body) = await SendAsync(ChatBodies.User(prompt, extra: """{"response_format":{"type":"json_object"}}"""));

        Assert.Equal("""{"name":"sample","mood":"happy"}""", SchemaAnswers.Content(body));
    }

    [Fact]
    public async Task Unary_JsonObjectWithoutWordJson_Returns400AsQwenDoes()
    {
        var (status, body) = await SendAsync(ChatBodies.User("Reply please", extra: """{"response_format":{"type":"json_object"}}"""));

        Assert.Equal(400, status);
        Assert.Equal(
            """{"error":{"message":"<400> InternalError.Algo.InvalidParameter: 'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.","type":"invalid_request_error","param":null,"code":"invalid_parameter_error"},"request_id":"sim-req-1"}""",
            body);
    }

    [Fact]
    public async Task Unary_JsonObjectWithJsonInSystemMessage_AnswersJsonObject()
    {
        var body = """
            {"model":"qwen-plus","response_format":{"type":"json_object"},"messages":[
              {"role":"system","content":"Answer in JSON."},{"role":"user","content":"Hi"}]}
            """;

        var (_, response) = await SendAsync(body);

        Assert.Equal("""{"answer":"Simulated answer to: Hi"}""", SchemaAnswers.Content(response));
    }

    [Fact]
    public async Task Unary_JsonSchemaInThinkingMode_Returns400()
    {
        var (status, body) = await SendAsync(ChatBodies.User(
            "Who?", extra: """{"enable_thinking":true,"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object"}}}}"""));

        Assert.Equal(400, status);
        Assert.Contains("\"param\":\"response_format\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_JsonSchemaWithoutSchema_AnswersJsonObject()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hi", extra: """{"response_format":{"type":"json_schema","json_schema":{"name":"x"}}}"""));

        Assert.Equal("""{"answer":"Simulated answer to: Hi"}""", SchemaAnswers.Content(body));
    }

    [Fact]
    public async Task Unary_TextFormat_AnswersText()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Hi", extra: """{"response_format":{"type":"text"}}"""));

        Assert.Equal("Simulated answer to: Hi", SchemaAnswers.Content(body));
    }

    [Fact]
    public async Task Stream_JsonSchema_StreamsTheJsonInEightCharacterPieces()
    {
        var events = await StreamAsync(SchemaAnswers.SchemaBody(PersonSchema, "Who?", stream: true));

        const string Expected = """{"name":"sample","mood":"happy"}""";
        var pieces = events.Skip(1).SkipLast(2)
            .Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())
            .ToList();
        Assert.Equal(Role(), events[0]);
        Assert.Equal(Expected, string.Concat(pieces));
        Assert.Equal(Expected.Chunk(8).Select(c => new string(c)), pieces);
        Assert.Equal(Finish("stop"), events[^2]);
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Unary_JsonSchemaAfterToolResult_AnswersJsonNotToolEcho()
    {
        var body = $$$"""
            {"model":"qwen-plus","response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{{{PersonSchema}}}}},"messages":[
              {"role":"user","content":"Who?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function","function":{"name":"look","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"Ann"}]}
            """;

        var (_, response) = await SendAsync(body);

        Assert.Equal(await SchemaAnswers.ContentAsync(Client, Simulator, PersonSchema, "Who?"), SchemaAnswers.Content(response));
    }

    [Fact]
    public async Task Unary_JsonSchemaWithMaxTokens_CutsJsonAndFinishesWithLength()
    {
        var (_, body) = await SendAsync(ChatBodies.User("Who?", extra: """{"max_tokens":2,"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":""" + PersonSchema + "}}}"));

        var choice = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0];
        Assert.Equal("{\"name\":\"sample\"", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
    }
}
