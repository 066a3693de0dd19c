using System.Net;
using System.Text;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// A hostile server sends bytes the client cannot read: a gzip body the client never asked for, a corrupt gzip body to a
/// client that decompresses, invalid UTF-8 inside a JSON string. Each is a <see cref="QwenInvalidResponseException"/>
/// saying what was wrong, never retried (the same server would send the same bytes).
/// </summary>
public sealed class HostileServerEncodingTests
{
    private const string Prompt = "say four words";

    // A gzip header (RFC 1952) followed by a deflate block of the reserved type 11 (RFC 1951 §3.2.3): invalid at its third bit.
    private static readonly byte[] s_corruptGzip = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x07, 0x12, 0x34, 0x56, 0x78, 0x9a];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_UnrequestedGzipBodyToTheDefaultClient_ThrowsInvalidResponseNamingContentEncoding(bool stream)
    {
        byte[] gzip = HostileBodies.Gzip(stream ? HostileBodies.Stream("w1 ", "w2") : HostileBodies.Completion);
        await using var server = Serve(stream, gzip, "Content-Encoding: gzip");
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider());

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        var error = Assert.IsType<QwenInvalidResponseException>(outcome.Error);
        Assert.Contains("Content-Encoding: gzip", error.Message, StringComparison.Ordinal);
        Assert.Contains("AutomaticDecompression", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        Assert.Empty(outcome.Texts);
        Assert.False(server.Connections[0].Request!.Headers.ContainsKey("Accept-Encoding")); // it really was not asked for
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_GzipBodyToADecompressingClient_Succeeds(bool stream)
    {
        // The control for the two tests around it: compression the client can undo is no error.
        byte[] gzip = HostileBodies.Gzip(stream ? HostileBodies.Stream("w1 ", "w2") : HostileBodies.Completion);
        await using var server = Serve(stream, gzip, "Content-Encoding: gzip");
        using HttpClient http = DecompressingHttpClient();
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), http: http);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        Assert.Null(outcome.Error);
        Assert.Equal(stream ? ["w1 ", "w2"] : ["Hello"], outcome.Texts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_CorruptGzipToADecompressingClient_ThrowsInvalidResponseSayingItCouldNotBeDecompressed(bool stream)
    {
        await using var server = Serve(stream, s_corruptGzip, "Content-Encoding: gzip");
        using HttpClient http = DecompressingHttpClient();
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), http: http);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        var error = Assert.IsType<QwenInvalidResponseException>(outcome.Error);
        Assert.Contains("could not be decompressed", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        Assert.Empty(outcome.Texts);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 2)]
    public async Task Call_InvalidUtf8InsideAJsonString_ThrowsInvalidResponseWithoutRetrying(bool stream, int validTokensFirst)
    {
        // 0xFF can never appear in UTF-8; 0xC3 0x28 is a lead byte followed by a non-continuation byte.
        string[] tokens = [.. Enumerable.Range(1, validTokensFirst).Select(i => $"w{i} "), "BAD", "tail"];
        byte[] body = Encoding.UTF8.GetBytes(stream ? HostileBodies.Stream(tokens) : HostileBodies.Completion.Replace("Hello", "BAD", StringComparison.Ordinal));
        int bad = body.AsSpan().IndexOf("BAD"u8);
        body[bad] = 0xFF;
        body[bad + 1] = 0xC3;
        body[bad + 2] = 0x28;
        await using var server = Serve(stream, body);
        var clock = new TrackingTimeProvider();
        using QwenChatClient client = TestClients.Create(server, clock);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        var error = Assert.IsType<QwenInvalidResponseException>(outcome.Error);
        Assert.Contains("is not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(tokens.Take(validTokensFirst), outcome.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        Assert.Empty(clock.ArmedDelays);
    }

    [Theory]
    [InlineData("html-page", false)]
    [InlineData("bytes-after-the-root", false)]
    [InlineData("lone-surrogate", false)]
    [InlineData("lone-surrogate", true)]
    [InlineData("not-json", true)]
    public async Task Call_MalformedJson_ThrowsInvalidResponseWithoutRetrying(string kind, bool stream)
    {
        string completion = kind switch
        {
            "html-page" => "<html><body>502 Bad Gateway</body></html>",
            "bytes-after-the-root" => HostileBodies.Completion + "{\"id\":\"second\"}",
            "lone-surrogate" => HostileBodies.Completion.Replace("Hello", "Hel\\ud800lo", StringComparison.Ordinal),
            _ => string.Empty,
        };
        string body = !stream ? completion : kind == "not-json"
            ? HostileBodies.RoleEvent + HostileBodies.Event("{not json") + HostileBodies.EndEvents
            : HostileBodies.RoleEvent + HostileBodies.TokenEvent("Hel\\ud800lo") + HostileBodies.EndEvents;
        await using var server = Serve(stream, Encoding.UTF8.GetBytes(body));
        var clock = new TrackingTimeProvider();
        using QwenChatClient client = TestClients.Create(server, clock);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        var error = Assert.IsType<QwenInvalidResponseException>(outcome.Error);
        Assert.Contains("The response from 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        Assert.Empty(clock.ArmedDelays);
    }

    private static RawHttpServer Serve(bool stream, byte[] body, params string[] headers) => RawHttpServer.Start(async c =>
    {
        await c.ReadRequestAsync();
        await c.WriteHeadAsync(stream ? "text/event-stream" : "application/json", body.Length, chunked: false, headers);
        await c.WriteAsync(body);
    });

    private static HttpClient DecompressingHttpClient() =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
}
