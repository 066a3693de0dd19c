using System.Net;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// Error bodies in shapes other than OpenAI's envelope (Express and NestJS apps, FastAPI, DashScope's native API, Baidu,
/// Google, plain-text proxies) sent by a loopback server: the server's own message reaches the exception's message.
/// </summary>
public sealed class OtherErrorShapeTests
{
    public static TheoryData<int, string, string, Type, string?, string> Shapes => new()
    {
        {
            400, """{"error":"TypeError","message":"Cannot read properties of undefined (reading 'content')"}""", "text/json",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 400 (BadRequest): TypeError: Cannot read properties of undefined (reading 'content')"
        },
        {
            400, """{"statusCode":400,"message":["model must be a string","messages should not be empty"],"error":"Bad Request"}""", "application/json",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 400 (BadRequest): Bad Request: model must be a string; messages should not be empty"
        },
        {
            404, """{"message":"The model `qwen-pluss` does not exist"}""", "application/json",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 404 (NotFound): The model `qwen-pluss` does not exist"
        },
        {
            401, """{"detail":"Not authenticated"}""", "application/json",
            typeof(QwenAuthenticationException), null,
            "Qwen API returned HTTP 401 (Unauthorized): Not authenticated"
        },
        {
            422, """{"detail":[{"loc":["body","messages",0,"content"],"msg":"field required","type":"value_error.missing"},{"loc":["body","model"],"msg":"str type expected","type":"type_error.str"}]}""", "application/json",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 422 (UnprocessableEntity): body.messages.0.content: field required; body.model: str type expected"
        },
        {
            400, """{"errors":[{"message":"temperature must be below 2"},{"message":"top_p must be positive"}]}""", "application/json",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 400 (BadRequest): temperature must be below 2; top_p must be positive"
        },
        {
            403, """{"msg":"ip not in whitelist","code":40301}""", "application/json",
            typeof(QwenAuthenticationException), "40301",
            "Qwen API returned HTTP 403 (Forbidden) [40301]: ip not in whitelist"
        },
        {
            400, """{"error_code":18,"error_msg":"Open api qps request limit reached"}""", "application/json",
            typeof(QwenBadRequestException), "18",
            "Qwen API returned HTTP 400 (BadRequest) [18]: Open api qps request limit reached"
        },
        {
            400, """{"error":{"error":{"message":"Upstream said: context length exceeded","code":"context_length_exceeded","type":"invalid_request_error"}}}""", "application/json",
            typeof(QwenBadRequestException), "context_length_exceeded",
            "Qwen API returned HTTP 400 (BadRequest) [context_length_exceeded]: Upstream said: context length exceeded"
        },
        {
            400, """[{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}]""", "application/json",
            typeof(QwenBadRequestException), "400",
            "Qwen API returned HTTP 400 (BadRequest) [400]: Invalid JSON payload received."
        },
        {
            400, """{"error":{"message":"Model overloaded, try later","code":1301,"type":7}}""", "application/json",
            typeof(QwenBadRequestException), "1301",
            "Qwen API returned HTTP 400 (BadRequest) [1301]: Model overloaded, try later"
        },
        {
            400, "upstream request timeout\n", "text/plain",
            typeof(QwenBadRequestException), null,
            "Qwen API returned HTTP 400 (BadRequest): upstream request timeout"
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Call_NonOpenAiErrorBody_MessageIsTheServers(int status, string body, string contentType, Type expectedType, string? expectedCode, string expectedMessage)
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = ErrorReply.Text(status, body, contentType);
        using QwenChatClient client = server.CreateClient();

        QwenApiException error = await Assert.ThrowsAnyAsync<QwenApiException>(() => client.GetResponseAsync("hi"));

        Assert.IsType(expectedType, error);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(expectedMessage, error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Call_DashScopeNativeShapeOn400_FillsCodeMessageAndRequestId()
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = ErrorReply.Text(400, """{"code":"InvalidParameter","message":"Range of input length should be [1, 30720]","request_id":"b6d1b8b2-5a5e-9c3f-8b52-3c1f2e0d4a11"}""");
        using QwenChatClient client = server.CreateClient();

        var error = await Assert.ThrowsAsync<QwenBadRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.Equal("b6d1b8b2-5a5e-9c3f-8b52-3c1f2e0d4a11", error.RequestId);
        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [InvalidParameter]: Range of input length should be [1, 30720] (request id b6d1b8b2-5a5e-9c3f-8b52-3c1f2e0d4a11)", error.Message);
    }

    [Fact]
    public async Task Stream_NestedErrorWithNumericCodeAndType_ReadsThemAsText()
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = ErrorReply.Text(400, """{"error":{"message":"Model overloaded, try later","code":1301,"type":7,"param":null}}""");
        using QwenChatClient client = server.CreateClient();

        var error = await Assert.ThrowsAsync<QwenBadRequestException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                Assert.Fail("no update expected: " + update.Text);
            }
        });

        Assert.Equal("1301", error.ErrorCode);
        Assert.Equal("7", error.ErrorType);
        Assert.Null(error.ErrorParam);
        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [1301]: Model overloaded, try later", error.Message);
    }

    [Fact]
    public async Task Call_PlainTextBody_MessageIsTheTextOnOneLineAndShort()
    {
        string text = "Error: upstream\r\n\tconnect failed\u001b[31m " + new string('z', 500);
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = ErrorReply.Text(400, text, "text/plain");
        using QwenChatClient client = server.CreateClient();

        var error = await Assert.ThrowsAsync<QwenBadRequestException>(() => client.GetResponseAsync("hi"));

        string expected = ("Error: upstream connect failed [31m " + new string('z', 500))[..200] + "…";
        Assert.Equal("Qwen API returned HTTP 400 (BadRequest): " + expected, error.Message);
        Assert.Equal(expected, error.ResponseSnippet);
    }
}
