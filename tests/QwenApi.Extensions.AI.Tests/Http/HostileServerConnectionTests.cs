using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// A hostile server breaks the connection at every phase of the exchange (a reset, or a body that ends before its
/// declared end). Before any output the failure is a retried <see cref="QwenServerException"/> (the last one thrown after
/// MaxRetries + 1 attempts); after output it is a <see cref="QwenStreamInterruptedException"/> with the exact count of
/// updates the caller got, never retried; a body cut by a lying Content-Length is a <see cref="QwenInvalidResponseException"/>.
/// </summary>
public sealed class HostileServerConnectionTests
{
    private const string Prompt = "say four words";
    private static readonly string[] s_tokens = ["w1 ", "w2 ", "w3 ", "w4"];

    public static TheoryData<string, bool> ResetsBeforeOutput => new()
    {
        { "before-any-byte", false },
        { "before-any-byte", true },
        { "mid-headers", false },
        { "mid-headers", true },
        { "mid-unary-body", false },
        { "mid-stream-before-first-update", true },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_WellFormedAnswerOverTheRawServer_Succeeds(bool stream)
    {
        // The harness itself: a correct answer, written by hand (Content-Length for JSON, chunked framing for SSE), works.
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            if (stream)
            {
                await c.WriteHeadAsync("text/event-stream", chunked: true);
                foreach (string part in HostileBodies.Stream(s_tokens).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    await c.WriteChunkAsync(part + "\n\n");
                }

                await c.WriteLastChunkAsync();
            }
            else
            {
                await c.WriteHeadAsync("application/json", HostileBodies.Completion.Length);
                await c.WriteAsync(HostileBodies.Completion);
            }
        });
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider());

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream));

        Assert.Null(outcome.Error);
        Assert.Equal(stream ? s_tokens : ["Hello"], outcome.Texts);
        RawRequest request = Assert.Single(server.Connections).Request!;
        Assert.Equal("POST /v1/chat/completions HTTP/1.1", request.RequestLine);
        Assert.Equal("Bearer " + RawHttpServer.ApiKey, request.Headers["Authorization"]);
        Assert.Equal(int.Parse(request.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture), request.Body.Length);
    }

    [Fact]
    public async Task RawServer_ChunkedRequestBody_IsReadWhole()
    {
        // The harness also reads a request sent without a length (chunked framing), as a client streaming its body would.
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("text/plain", 2);
            await c.WriteAsync("ok");
        });
        using var http = new HttpClient();

        using HttpResponseMessage response = await ClockDriver.Guard(http.PostAsync(server.Endpoint + "/chat/completions", new PiecesContent("{\"a\":", "12345678901234567", "}")));

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        RawRequest request = Assert.Single(server.Connections).Request!;
        Assert.Equal("chunked", request.Headers["Transfer-Encoding"]);
        Assert.Equal("{\"a\":12345678901234567}", System.Text.Encoding.UTF8.GetString(request.Body));
    }

    [Theory]
    [MemberData(nameof(ResetsBeforeOutput))]
    public async Task Call_ResetBeforeOutputOnEveryAttempt_IsRetriedThenThrowsServerException(string phase, bool stream)
    {
        // Mid-stream before the first update is still "before output": the caller got nothing, so it is the same
        // retried connection failure as the others (QwenStreamInterruptedException means output had begun).
        var clock = new TrackingTimeProvider();
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            switch (phase)
            {
                case "mid-headers":
                    await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: appl");
                    break;
                case "mid-unary-body":
                    await c.WriteHeadAsync("application/json", HostileBodies.Completion.Length);
                    await c.WriteAsync(HostileBodies.Completion[..40]);
                    break;
                case "mid-stream-before-first-update":
                    await c.WriteHeadAsync("text/event-stream", chunked: true);
                    await c.WriteChunkAsync(HostileBodies.RoleEvent + HostileBodies.TokenEvent("w1 ")[..30]);
                    break;
            }

            c.Reset();
        });
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using QwenChatClient client = TestClients.Create(server, clock, http: http);

        Task<StreamOutcome> call = ChatCalls.OutcomeAsync(client, Prompt, stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenServerException>(outcome.Error);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, server.Requests);
        AssertEverythingReleased(handler, attempts: 4);
        Assert.Equal(3, waits.Count); // one backoff before each retry
        Assert.Empty(outcome.Texts);
        Assert.Contains("reset the connection", error.Message, StringComparison.Ordinal);
        Assert.Contains(phase is "before-any-byte" or "mid-headers" ? "before the response headers arrived" : "while reading the response body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ResetAfterUpdates_ThrowsInterruptedWithExactCountAndIsNotRetried()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("text/event-stream", chunked: true);
            await c.WriteChunkAsync(HostileBodies.RoleEvent + string.Concat(s_tokens.Take(3).Select(HostileBodies.TokenEvent)));
            await c.WaitAsync(release.Task); // the client has read the three updates: now the reset cannot destroy them
            c.Reset();
        });
        var clock = new TrackingTimeProvider();
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using QwenChatClient client = TestClients.Create(server, clock, http: http);

        var consumer = StreamConsumer.Start(client, Prompt);
        await ClockDriver.Guard(consumer.WhenReceived(3));
        release.SetResult();
        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenStreamInterruptedException>(() => consumer.Completion));

        Assert.Equal(3, error.UpdatesReceived);
        Assert.Equal(s_tokens.Take(3), consumer.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        AssertEverythingReleased(handler, attempts: 1);
        Assert.Empty(clock.ArmedDelays); // no retry was even considered
        Assert.Contains("reset the connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 update(s)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chunked", false)]
    [InlineData("chunked", true)]
    [InlineData("content-length", false)]
    [InlineData("content-length", true)]
    public async Task Call_BodyEndsBeforeItsDeclaredEndBeforeOutput_IsRetriedThenSaysTheResponseEndedEarly(string framing, bool stream)
    {
        // A chunk header that promises more than is sent, or a Content-Length larger than the body; then a clean close.
        string body = stream ? HostileBodies.RoleEvent + HostileBodies.TokenEvent("w1 ")[..30] : HostileBodies.Completion[..60];
        await using var server = RawHttpServer.Start(c => SendTruncatedAsync(c, framing, stream, body));
        var clock = new TrackingTimeProvider();
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using QwenChatClient client = TestClients.Create(server, clock, http: http);

        Task<StreamOutcome> call = ChatCalls.OutcomeAsync(client, Prompt, stream);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        StreamOutcome outcome = await call;

        var error = Assert.IsType<QwenServerException>(outcome.Error);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, server.Requests);
        AssertEverythingReleased(handler, attempts: 4);
        Assert.Equal(3, waits.Count);
        Assert.Empty(outcome.Texts);
        Assert.Contains("ended before its declared end", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chunked")]
    [InlineData("content-length")]
    public async Task Stream_BodyEndsBeforeItsDeclaredEndAfterUpdates_ThrowsInterruptedWithExactCount(string framing)
    {
        string body = HostileBodies.RoleEvent + HostileBodies.TokenEvent("w1 ") + HostileBodies.TokenEvent("w2 ");
        await using var server = RawHttpServer.Start(c => SendTruncatedAsync(c, framing, stream: true, body));
        var clock = new TrackingTimeProvider();
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using QwenChatClient client = TestClients.Create(server, clock, http: http);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsType<QwenStreamInterruptedException>(outcome.Error);
        Assert.Equal(2, error.UpdatesReceived);
        Assert.Equal(["w1 ", "w2 "], outcome.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        AssertEverythingReleased(handler, attempts: 1);
        Assert.Empty(clock.ArmedDelays);
        Assert.Contains("ended before its declared end", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 update(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_ContentLengthShorterThanTheJson_ReadsOnlyTheDeclaredBytesAndThrowsInvalidResponse()
    {
        int declared = HostileBodies.Completion.Length - 10;
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("application/json", declared);
            await c.WriteAsync(HostileBodies.Completion); // ten bytes more than declared
        });
        var clock = new TrackingTimeProvider();
        using var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using QwenChatClient client = TestClients.Create(server, clock, http: http);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.OutcomeAsync(client, Prompt, stream: false));

        var error = Assert.IsType<QwenInvalidResponseException>(outcome.Error);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
        AssertEverythingReleased(handler, attempts: 1);
        Assert.Empty(clock.ArmedDelays);
        Assert.Contains($"{declared} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid chat completion", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every failed attempt disposed its response before the next was sent, and nothing is left open.</summary>
    private static void AssertEverythingReleased(TrackingHandler handler, int attempts)
    {
        Assert.Equal(Enumerable.Repeat(0, attempts), handler.LiveResponsesAtSend);
        Assert.Equal(0, handler.LiveResponses);
        Assert.Equal(0, handler.LiveConnections);
    }

    private static async Task SendTruncatedAsync(RawConnection c, string framing, bool stream, string body)
    {
        await c.ReadRequestAsync();
        string contentType = stream ? "text/event-stream" : "application/json";
        if (framing == "chunked")
        {
            await c.WriteHeadAsync(contentType, chunked: true);
            await c.WriteAsync($"{body.Length + 500:x}\r\n{body}");
        }
        else
        {
            await c.WriteHeadAsync(contentType, body.Length + 500);
            await c.WriteAsync(body);
        }
    }

    /// <summary>A body of no known length, written piece by piece, so the client sends each piece as a chunk.</summary>
    private sealed class PiecesContent(params string[] pieces) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            foreach (string piece in pieces)
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(piece));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
