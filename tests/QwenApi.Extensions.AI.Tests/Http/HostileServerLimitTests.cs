using System.Net;
using System.Text;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using Xunit.Abstractions;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// A hostile server sends more than the client's limits allow: an SSE line that never ends, a unary body over
/// MaxResponseBytes (with and without Content-Length), a stream over MaxStreamBytes, one event over MaxStreamEventBytes,
/// and gzip bombs to a client that decompresses. Each ends with a <see cref="QwenResponseTooLargeException"/> naming the
/// option, at once (the server is cut off far before its own bound), never retried, with allocations a small multiple of
/// the limit. Each measured scenario runs twice and the second run is measured, so JIT, connection setup and pool
/// warm-up are not counted.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class HostileServerLimitTests(ITestOutputHelper output)
{
    private const string Prompt = "say many words";
    private const int MiB = HostileBodies.MiB;
    private const int KiB = 1024;

    // The server's own bound on what it writes for one endless body: a client that never stops is caught, not hung.
    private const long ServerBound = 64L * MiB;
    private static readonly byte[] s_xBlock = Encoding.ASCII.GetBytes(new string('x', 64 * KiB));

    [Fact]
    public async Task Stream_EndlessSseLine_StopsAtMaxStreamEventBytesAtOnceWithoutRetrying()
    {
        _ = await EndlessAsync(sse: true, o => o.MaxStreamEventBytes = 64 * KiB);
        var (run, allocated, heapGrowth, elapsed) = await AllocationProbe.MeasureAsync(() => EndlessAsync(sse: true, o => o.MaxStreamEventBytes = 64 * KiB));
        output.WriteLine($"endless SSE line: server wrote {run.ServerWrote:N0} B of its {ServerBound:N0} B bound; {allocated:N0} B allocated, heap +{heapGrowth:N0} B, {elapsed.TotalMilliseconds:0} ms");

        var error = Assert.IsType<QwenResponseTooLargeException>(run.Outcome.Error);
        Assert.Equal(nameof(QwenClientOptions.MaxStreamEventBytes), error.OptionName);
        Assert.Equal(64 * KiB, error.Limit);
        Assert.Contains("QwenClientOptions.MaxStreamEventBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("65,536 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, run.Requests);
        Assert.Empty(run.Outcome.Texts);
        AssertServerCutOff(run);
        Assert.InRange(allocated, 0, 16 * 64 * KiB); // measured ~140 KB, about twice the limit, against 64 MiB offered
        Assert.InRange(heapGrowth, long.MinValue, 4 * MiB);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unary_BodyOverMaxResponseBytes_ThrowsTooLargeAtOnceWithoutRetrying(bool declareLength)
    {
        // 64 MiB declared (or chunked, undeclared) against a 64 KiB limit: the client must stop near 64 KiB.
        Action<QwenClientOptions> limit = o => o.MaxResponseBytes = 64 * KiB;
        _ = await EndlessAsync(sse: false, limit, declareLength);
        var (run, allocated, heapGrowth, elapsed) = await AllocationProbe.MeasureAsync(() => EndlessAsync(sse: false, limit, declareLength));
        output.WriteLine($"unary over limit (Content-Length: {declareLength}): server wrote {run.ServerWrote:N0} B; {allocated:N0} B allocated, heap +{heapGrowth:N0} B, {elapsed.TotalMilliseconds:0} ms");

        var error = Assert.IsType<QwenResponseTooLargeException>(run.Outcome.Error);
        Assert.Equal(nameof(QwenClientOptions.MaxResponseBytes), error.OptionName);
        Assert.Equal(64 * KiB, error.Limit);
        Assert.Contains("QwenClientOptions.MaxResponseBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, run.Requests);
        AssertServerCutOff(run);
        Assert.InRange(allocated, 0, 16 * 64 * KiB); // measured 130-370 KB: the body buffer doubling up to the limit
        Assert.InRange(heapGrowth, long.MinValue, 4 * MiB);
    }

    [Fact]
    public async Task Stream_AnsweredWithAnEndlessJsonDocument_ThrowsTooLargeNamingMaxResponseBytes()
    {
        // A gateway may answer a streaming request with one JSON document; it is read whole, within MaxResponseBytes.
        Action<QwenClientOptions> limit = o => o.MaxResponseBytes = 64 * KiB;
        _ = await EndlessAsync(sse: false, limit, stream: true);
        var (run, allocated, heapGrowth, elapsed) = await AllocationProbe.MeasureAsync(() => EndlessAsync(sse: false, limit, stream: true));
        output.WriteLine($"stream answered with endless JSON: server wrote {run.ServerWrote:N0} B; {allocated:N0} B allocated, heap +{heapGrowth:N0} B, {elapsed.TotalMilliseconds:0} ms");

        var error = Assert.IsType<QwenResponseTooLargeException>(run.Outcome.Error);
        Assert.Equal(nameof(QwenClientOptions.MaxResponseBytes), error.OptionName);
        Assert.Equal(64 * KiB, error.Limit);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, run.Requests);
        Assert.Empty(run.Outcome.Texts);
        AssertServerCutOff(run);
        Assert.InRange(allocated, 0, 16 * 64 * KiB); // measured ~390 KB
    }

    [Fact]
    public async Task Stream_ManySmallValidChunksOverMaxStreamBytes_ThrowsTooLargeAfterExactlyTheUpdatesThatFit()
    {
        const int Limit = 64 * KiB;
        string[] tokens = [.. Enumerable.Range(0, 2000).Select(i => $"t{i} ")];
        string[] events = [HostileBodies.RoleEvent, .. tokens.Select(HostileBodies.TokenEvent)];
        int fitting = 0;
        for (long end = events[0].Length; fitting + 1 < events.Length && end + events[fitting + 1].Length <= Limit; fitting++)
        {
            end += events[fitting + 1].Length;
        }

        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("text/event-stream", chunked: true);
            foreach (string[] batch in events.Chunk(50))
            {
                await c.WriteChunkAsync(string.Concat(batch));
            }

            await c.WriteChunkAsync(HostileBodies.EndEvents);
            await c.WriteLastChunkAsync();
        });
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), o => o.MaxStreamBytes = Limit);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsType<QwenResponseTooLargeException>(outcome.Error);
        Assert.Equal(nameof(QwenClientOptions.MaxStreamBytes), error.OptionName);
        Assert.Equal(Limit, error.Limit);
        Assert.Contains("QwenClientOptions.MaxStreamBytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(fitting, 100, 1000); // the limit falls mid-stream: many updates before it, many after
        Assert.Equal(tokens.Take(fitting), outcome.Texts); // every event wholly within the limit, and not one more
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Stream_OneEventOfManyDataLinesOverMaxStreamEventBytes_ThrowsTooLargeAfterTheUpdatesBeforeIt()
    {
        // 200 short data lines with no blank line between them: one 12 KB event against a 4 KiB limit.
        string hugeEvent = string.Concat(Enumerable.Repeat("data: {\"pad\":\"" + new string('p', 40) + "\"}\n", 200)) + "\n";
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync("text/event-stream", chunked: true);
            await c.WriteChunkAsync(HostileBodies.RoleEvent + HostileBodies.TokenEvent("ok"));
            await c.WriteChunkAsync(hugeEvent);
            await c.WriteChunkAsync(HostileBodies.EndEvents);
            await c.WriteLastChunkAsync();
        });
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), o => o.MaxStreamEventBytes = 4 * KiB);

        StreamOutcome outcome = await ClockDriver.Guard(ChatCalls.StreamAsync(client, Prompt));

        var error = Assert.IsType<QwenResponseTooLargeException>(outcome.Error);
        Assert.Equal(nameof(QwenClientOptions.MaxStreamEventBytes), error.OptionName);
        Assert.Equal(4 * KiB, error.Limit);
        Assert.Contains("one server-sent event exceeded QwenClientOptions.MaxStreamEventBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ok"], outcome.Texts);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_GzipBombToADecompressingClient_ThrowsTooLargeAtTheLimitWithBoundedMemory(bool stream)
    {
        // ~130 KB on the wire, 128 MiB inflated, against a 1 MiB limit counted after decompression.
        byte[] bomb = stream ? HostileBodies.StreamBomb : HostileBodies.UnaryBomb;
        _ = await BombAsync(bomb, stream);
        var (run, allocated, heapGrowth, elapsed) = await AllocationProbe.MeasureAsync(() => BombAsync(bomb, stream));
        output.WriteLine($"gzip bomb ({bomb.Length:N0} B compressed, stream: {stream}): {allocated:N0} B allocated, heap +{heapGrowth:N0} B, {elapsed.TotalMilliseconds:0} ms");

        var error = Assert.IsType<QwenResponseTooLargeException>(run.Outcome.Error);
        string option = stream ? nameof(QwenClientOptions.MaxStreamBytes) : nameof(QwenClientOptions.MaxResponseBytes);
        Assert.Equal(option, error.OptionName);
        Assert.Equal(MiB, error.Limit);
        Assert.Contains("QwenClientOptions." + option, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, run.Requests);
        Assert.InRange(bomb.Length, 1, 512 * KiB);
        // 128 MiB inflated against a 1 MiB limit. Measured 0.12 to 4 MB, either way: the upper figure when ArrayPool had
        // trimmed its buffers and the chain that doubles up to the limit (the unary body buffer, the SSE parser's line
        // buffer) was rented anew; the pool keeps those buffers, hence the heap bound.
        Assert.InRange(allocated, 0, 8 * MiB);
        Assert.InRange(heapGrowth, long.MinValue, 8 * MiB);
    }

    [Fact]
    public void GzipBomb_AsBuiltForTheseTests_IsUnder512KiBAndInflatesTo128MiB()
    {
        // What the bomb tests rely on: the decompressor really has 128 MiB to give (it reads every gzip member).
        Assert.InRange(HostileBodies.UnaryBomb.Length, 1, 512 * KiB);
        Assert.InRange(HostileBodies.StreamBomb.Length, 1, 512 * KiB);
        Assert.Equal(128L * MiB, HostileBodies.InflatedLength(HostileBodies.UnaryBomb));
        Assert.Equal(128L * MiB, HostileBodies.InflatedLength(HostileBodies.StreamBomb));
    }

    private static void AssertServerCutOff((StreamOutcome Outcome, int Requests, long ServerWrote, Exception? ServerError) run)
    {
        // The client closed the connection while the server was still writing: the server's write failed, and far
        // less than its bound had been written (measured 4-5 MiB: what the kernel's socket buffers took in).
        Assert.IsAssignableFrom<IOException>(run.ServerError);
        Assert.InRange(run.ServerWrote, 0, ServerBound / 4);
    }

    /// <summary>
    /// One call (streamed unless <paramref name="stream"/> says otherwise, when <paramref name="sse"/>) against a server that
    /// writes an endless body (SSE: one <c>data:</c> line; JSON: one string), bounded by <see cref="ServerBound"/>.
    /// </summary>
    private static async Task<(StreamOutcome Outcome, int Requests, long ServerWrote, Exception? ServerError)> EndlessAsync(
        bool sse, Action<QwenClientOptions> limit, bool declareLength = false, bool? stream = null)
    {
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync(sse ? "text/event-stream" : "application/json", declareLength ? ServerBound : null, chunked: !declareLength);
            byte[] opening = sse ? "data: "u8.ToArray() : "{\"id\":\""u8.ToArray();
            for (byte[] next = opening; c.BytesWritten < ServerBound; next = s_xBlock)
            {
                await (declareLength ? c.WriteAsync(next) : c.WriteChunkAsync(next));
            }
        });
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), limit);

        StreamOutcome outcome = await ChatCalls.OutcomeAsync(client, Prompt, stream ?? sse);
        RawConnection connection = Assert.Single(server.Connections);
        await connection.Ended;
        return (outcome, server.Requests, connection.BytesWritten, connection.Error);
    }

    private static async Task<(StreamOutcome Outcome, int Requests)> BombAsync(byte[] bomb, bool stream)
    {
        await using var server = RawHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteHeadAsync(stream ? "text/event-stream" : "application/json", bomb.Length, chunked: false, "Content-Encoding: gzip");
            await c.WriteAsync(bomb);
        });
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using QwenChatClient client = TestClients.Create(server, new TrackingTimeProvider(), o => o.MaxResponseBytes = o.MaxStreamBytes = MiB, http);

        StreamOutcome outcome = await ChatCalls.OutcomeAsync(client, Prompt, stream);
        return (outcome, server.Requests);
    }
}
