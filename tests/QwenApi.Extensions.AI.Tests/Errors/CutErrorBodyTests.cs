using System.IO.Compression;
using System.Net;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// Error bodies that cannot be read whole (longer than the 64 KiB read limit, cut by a connection reset) or at all
/// (compressed, with no decompressing handler): what arrived still gives the message, and the message says how the body
/// was read instead of claiming no message was returned.
/// </summary>
public sealed class CutErrorBodyTests
{
    private const string Envelope = """{"error":{"message":"Range of input length should be [1, 30720]","type":"invalid_request_error","code":"invalid_parameter_error"},"request_id":"req-77"}""";

    [Fact]
    public async Task Call_400BodyLongerThanLimit_MessageFromItsStartAndSaysCutAt64KiB()
    {
        string body = """{"error":{"message":"Input is too long","type":"invalid_request_error","code":"invalid_parameter_error","param":" """
            + new string('x', 100_000) + "\"}}";
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, body));

        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: Input is too long. The error body was cut at 64 KiB (it is longer); only its start was read.", error.Message);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Null(error.ResponseSnippet);
    }

    [Fact]
    public async Task Call_MessageItselfLongerThanLimit_ShowsItsStartShortened()
    {
        string body = """{"error":{"code":"invalid_parameter_error","message":"Prompt rejected: """ + new string('y', 100_000) + "\"}}";
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, body));

        string shown = ("Prompt rejected: " + new string('y', 1000))[..1000] + "…";
        Assert.Equal($"Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: {shown} The error body was cut at 64 KiB (it is longer); only its start was read.", error.Message);
    }

    [Fact]
    public async Task Call_LongMessageEchoingTheKey_RedactedBeforeShortened()
    {
        string message = new string('a', 995) + " " + LoopbackErrorServer.ApiKey + " rejected";
        var error = await FailAsync<QwenAuthenticationException>(ErrorReply.Text(401, "{\"error\":{\"message\":\"" + message + "\"}}"));

        Assert.Equal($"Qwen API returned HTTP 401 (Unauthorized): {new string('a', 995)} *** …", error.Message);
    }

    [Fact]
    public async Task Call_BodyCutInsideAnEchoedKey_ShowsNoneOfTheKeysStart()
    {
        string body = "{\"error\":{\"message\":\"Incorrect API key provided: " + LoopbackErrorServer.ApiKey + ".\"}}";
        int cut = body.IndexOf(LoopbackErrorServer.ApiKey, StringComparison.Ordinal) + 15;
        var error = await FailAsync<QwenAuthenticationException>(ErrorReply.Text(401, body, abortAfterBytes: cut));

        // Only "sk-loopback-Zq8" arrived: it cannot be redacted as the key, so it is dropped as the start of one.
        Assert.Equal($"Qwen API returned HTTP 401 (Unauthorized): Incorrect API key provided: … The error body was cut by a connection failure after {cut} bytes; only what arrived was read.", error.Message);
    }

    [Fact]
    public async Task Call_BodyOfExactlyTheLimit_IsNotCalledCut()
    {
        string prefix = """{"error":{"message":"Exactly at the limit","code":"x"},"pad":" """;
        string body = prefix + new string(' ', (64 * 1024) - prefix.Length - 2) + "\"}";
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(body));

        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, body));

        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [x]: Exactly at the limit", error.Message);
    }

    [Fact]
    public async Task Call_ResetAfterMessageArrived_KeepsMessageAndSaysTheBodyWasCut()
    {
        int cut = Envelope.IndexOf("\"request_id\"", StringComparison.Ordinal);
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, Envelope, abortAfterBytes: cut));

        Assert.Equal($"Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: Range of input length should be [1, 30720]. The error body was cut by a connection failure after {cut} bytes; only what arrived was read.", error.Message);
        Assert.Null(error.RequestId);
    }

    // The trailing space that arrived before the cut is trimmed with the body's white space: the ellipsis follows "be".
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_ResetInsideTheMessage_ShowsWhatArrivedWithAnEllipsis(bool stream)
    {
        int cut = Envelope.IndexOf("[1,", StringComparison.Ordinal);
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, Envelope, abortAfterBytes: cut), stream);

        Assert.Equal($"Qwen API returned HTTP 400 (BadRequest): Range of input length should be… The error body was cut by a connection failure after {cut} bytes; only what arrived was read.", error.Message);
    }

    [Fact]
    public async Task Call_ResetBeforeAnyBodyByte_SaysSoNotThatNoMessageWasReturned()
    {
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, Envelope, abortAfterBytes: 0));

        Assert.Equal("Qwen API returned HTTP 400 (BadRequest): no error message could be read. The connection failed before any of the error body arrived.", error.Message);
    }

    [Fact]
    public async Task Call_ResetMidBodyOn503_KeepsTheServerTypeAndHint()
    {
        var error = await FailAsync<QwenServerException>(ErrorReply.Text(503, """{"error":{"message":"upstream failed"}}""", abortAfterBytes: 5));

        Assert.Equal("Qwen API returned HTTP 503 (ServiceUnavailable): the server failed. Body starts with: \"{\"err\" The error body was cut by a connection failure after 5 bytes; only what arrived was read.", error.Message);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("gzip, br")]
    public async Task Call_CompressedErrorBodyNotDecompressed_SaysItIsCompressed(string encoding)
    {
        var headers = new Dictionary<string, string> { ["Content-Encoding"] = encoding };
        var error = await FailAsync<QwenBadRequestException>(new ErrorReply(400, Gzip(Envelope), headers));

        Assert.Equal($"Qwen API returned HTTP 400 (BadRequest): no error message could be read. The error body is compressed (Content-Encoding: {encoding}) and was not decompressed; to read it, give the client an HttpClient whose handler sets AutomaticDecompression.", error.Message);
        Assert.Null(error.ResponseSnippet);
        Assert.Null(error.ErrorCode);
    }

    [Fact]
    public async Task Call_CompressedErrorBodyOn502_KeepsTheHint()
    {
        var headers = new Dictionary<string, string> { ["Content-Encoding"] = "gzip" };
        var error = await FailAsync<QwenServerException>(new ErrorReply(502, Gzip("<html>bad gateway</html>"), headers, "text/html"));

        Assert.Equal("Qwen API returned HTTP 502 (BadGateway): the server failed. The error body is compressed (Content-Encoding: gzip) and was not decompressed; to read it, give the client an HttpClient whose handler sets AutomaticDecompression.", error.Message);
    }

    [Fact]
    public async Task Call_CompressedErrorBodyWithDecompressingHandler_ReadsTheMessage()
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = new ErrorReply(400, Gzip(Envelope), new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All });
        using QwenChatClient client = server.CreateClient(httpClient: http);

        var error = await Assert.ThrowsAsync<QwenBadRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: Range of input length should be [1, 30720] (request id req-77)", error.Message);
    }

    [Fact]
    public async Task Call_IdentityContentEncoding_IsReadAsPlainBytes()
    {
        var headers = new Dictionary<string, string> { ["Content-Encoding"] = "identity" };
        var error = await FailAsync<QwenBadRequestException>(ErrorReply.Text(400, Envelope, headers: headers));

        Assert.Equal("Qwen API returned HTTP 400 (BadRequest) [invalid_parameter_error]: Range of input length should be [1, 30720] (request id req-77)", error.Message);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static async Task<T> FailAsync<T>(ErrorReply reply, bool stream = false)
        where T : QwenApiException
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        server.Reply = reply;
        using QwenChatClient client = server.CreateClient();

        T error = await Assert.ThrowsAsync<T>(async () =>
        {
            if (!stream)
            {
                await client.GetResponseAsync("hi");
                return;
            }

            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                Assert.Fail("no update expected: " + update.Text);
            }
        });

        Assert.Equal((HttpStatusCode)reply.Status, error.StatusCode);
        Assert.Equal(1, server.Requests);
        return error;
    }
}
