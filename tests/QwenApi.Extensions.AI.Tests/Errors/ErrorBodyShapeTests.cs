using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>Every shape of error body the proxy (or what stands in front of it) sends, read into the same typed fields.</summary>
public sealed class ErrorBodyShapeTests
{
    private const string Html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_OpenAiEnvelope_FillsTypeCodeParamAndMessage(bool stream)
    {
        QwenApiException error = await FailAsync(400, """{"error":{"message":"Range of temperature should be [0.0, 2.0)","type":"invalid_request_error","param":"temperature","code":"invalid_parameter_error"},"id":"chatcmpl-9","request_id":"body-req"}""", stream);

        var bad = Assert.IsType<QwenBadRequestException>(error);
        Assert.Equal("invalid_request_error", bad.ErrorType);
        Assert.Equal("invalid_parameter_error", bad.ErrorCode);
        Assert.Equal("temperature", bad.ErrorParam);
        Assert.False(bad.IsContentFiltered);
        Assert.Null(bad.ResponseSnippet);
        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: Range of temperature should be [0.0, 2.0) (request id sim-req-1)", bad.Message);
    }

    [Theory]
    [InlineData("data: {\"error\":{\"message\":\"Invalid API-key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\n\n")]
    [InlineData("data:{\"error\":{\"message\":\"Invalid API-key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\r\n\r\n")]
    [InlineData(": keep-alive\n\nevent: error\ndata: {\"error\":{\"message\":\"Invalid API-key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\n\n")]
    public async Task Stream_SseFramedEnvelopeOn4xx_IsParsedLikeJson(string body)
    {
        QwenApiException error = await FailAsync(401, body, stream: true, contentType: "text/event-stream");

        var auth = Assert.IsType<QwenAuthenticationException>(error);
        Assert.Equal("invalid_api_key", auth.ErrorCode);
        Assert.Contains("Invalid API-key provided.", auth.Message, StringComparison.Ordinal);
        Assert.Null(auth.ResponseSnippet);
    }

    [Fact]
    public async Task Call_AlibabaNativeShape_FillsCodeMessageAndBodyRequestId()
    {
        QwenApiException error = await FailAsync(
            401,
            """{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"902fee3b-f7f0-9a8c-96a1-6b4ea25af114"}""",
            stream: false,
            headers: new Dictionary<string, string> { ["x-request-id"] = "" });

        var auth = Assert.IsType<QwenAuthenticationException>(error);
        Assert.Equal("InvalidApiKey", auth.ErrorCode);
        Assert.Equal("902fee3b-f7f0-9a8c-96a1-6b4ea25af114", auth.RequestId); // an empty header does not hide the body's id
        Assert.Contains("Invalid API-key provided.", auth.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_HtmlGatewayPage_KeepsAShortSingleLineSnippet(bool stream)
    {
        QwenApiException error = await FailAsync(502, Html, stream, contentType: "text/html", retries: 0);

        var server = Assert.IsType<QwenServerException>(error);
        Assert.Null(server.ErrorCode);
        Assert.Equal(HttpStatusCode.BadGateway, server.StatusCode);
        Assert.StartsWith("<html> <head><title>502 Bad Gateway</title></head>", server.ResponseSnippet, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', server.ResponseSnippet!);
        Assert.Contains("Body starts with", server.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_HugeNonJsonBody_SnippetIsBounded()
    {
        string body = "<html>" + new string('x', 200_000) + "</html>";

        QwenApiException error = await FailAsync(500, body, stream: false, contentType: "text/html", retries: 0);

        Assert.NotNull(error.ResponseSnippet);
        Assert.InRange(error.ResponseSnippet!.Length, 100, 201);
        Assert.InRange(error.Message.Length, 100, 400);
    }

    [Theory]
    [InlineData("", "the server failed.")]
    [InlineData("upstream connect error or disconnect/reset before headers", "upstream connect error")]
    [InlineData("{\"error\":\"Service temporarily unavailable\"}", "Service temporarily unavailable")]
    [InlineData("{\"error\":{\"message\":\"truncated", "truncated")]
    public async Task Call_OtherBodies_StillGiveAUsefulMessage(string body, string expectedInMessage)
    {
        QwenApiException error = await FailAsync(503, body, stream: false, contentType: "text/plain", retries: 0);

        Assert.IsType<QwenServerException>(error);
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    private static async Task<QwenApiException> FailAsync(int status, string body, bool stream, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null, int retries = 3)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(status, body, headers, contentType));
        using QwenChatClient client = TestClients.Create(simulator, new TrackingTimeProvider(), o => o.MaxRetries = retries);
        QwenApiException error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<QwenApiException>(() => ChatCalls.CallAsync(client, "hi", stream)));
        Assert.Single(simulator.Requests);
        return error;
    }
}
