using System.IO.Pipelines;
using CsCheck;
using System.Text;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// The response body's guard: the idle timeout is re-armed on every read (any bytes, SSE keep-alive comments included,
/// keep a stream alive), the whole body and each SSE event are capped, and nothing past a cap is handed out.
/// </summary>
public sealed class ResponseBodyStreamTests
{
    [Fact]
    public async Task Read_KeepAliveCommentsEvery50sForTwentyMinutes_NeverTimesOutThenSilenceDoes()
    {
        var clock = new TrackingTimeProvider();
        var options = new QwenClientOptions { StreamIdleTimeout = TimeSpan.FromSeconds(60), ResponseHeadersTimeout = Timeout.InfiniteTimeSpan, OverallTimeout = Timeout.InfiniteTimeSpan, TimeProvider = clock };
        using var call = new CallScope(CancellationToken.None, options);
        using var attempt = new AttemptScope(call, options);
        attempt.EnterBody();
        var pipe = new Pipe();
        await using var stream = new ResponseBodyStream(pipe.Reader.AsStream(), attempt, long.MaxValue, "MaxStreamBytes", 1024);
        byte[] comment = Encoding.UTF8.GetBytes(": keep-alive\n\n");
        byte[] buffer = new byte[64];

        for (int i = 0; i < 24; i++)
        {
            ValueTask<int> read = stream.ReadAsync(buffer, attempt.Token);
            clock.Advance(TimeSpan.FromSeconds(50));
            await pipe.Writer.WriteAsync(comment);
            Assert.Equal(comment.Length, await ClockDriver.Guard(read.AsTask()));
        }

        Assert.False(attempt.TimedOut);
        ValueTask<int> silent = stream.ReadAsync(buffer, attempt.Token);
        clock.Advance(TimeSpan.FromSeconds(60));

        await ClockDriver.Guard(Assert.ThrowsAnyAsync<OperationCanceledException>(() => silent.AsTask()));
        Assert.True(attempt.TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(60), attempt.FiredTimeout);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Read_EventsJustUnderTheCapWithAnyLineEnding_AllPass(string newline)
    {
        // Three events of 100 bytes each (two lines of 49 bytes + terminators): each fits a 100-byte cap exactly.
        string line = "data: " + new string('x', 43);
        string payload = string.Concat(Enumerable.Repeat(line + newline + line + newline + newline, 3));
        Assert.Equal(payload.Length, await ReadAllAsync(payload, maxEventBytes: 100, readSize: 7));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Read_OneEventOverTheCap_ThrowsNamingTheOption(string newline)
    {
        string line = "data: " + new string('x', 44);
        string payload = line + newline + newline + line + newline + line + newline + newline;
        var error = await Assert.ThrowsAsync<ResponseLimitExceededException>(() => ReadAllAsync(payload, maxEventBytes: 100, readSize: 5));
        Assert.Equal(("MaxStreamEventBytes", 100L, "one server-sent event"), (error.OptionName, error.Limit, error.What));
    }

    [Fact]
    public async Task Read_EndlessLine_StopsOneReadPastTheCap()
    {
        var error = await Assert.ThrowsAsync<ResponseLimitExceededException>(() => ReadAllAsync("data: " + new string('x', 10_000), maxEventBytes: 1024, readSize: 100));
        Assert.Equal(1024, error.Limit);
    }

    [Fact]
    public async Task Read_BodyOverTheTotalCap_NeverHandsOutMoreThanOneBytePastIt()
    {
        using var call = new CallScope(CancellationToken.None, new QwenClientOptions());
        using var attempt = new AttemptScope(call, new QwenClientOptions());
        await using var stream = new ResponseBodyStream(new MemoryStream(new byte[10_000]), attempt, 1000, "MaxResponseBytes");
        byte[] buffer = new byte[4096];
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 1000));
        var error = await Assert.ThrowsAsync<ResponseLimitExceededException>(async () => await stream.ReadAtLeastAsync(buffer, 1));
        Assert.Equal(("MaxResponseBytes", 1000L, "the response body"), (error.OptionName, error.Limit, error.What));
    }

    private static async Task<int> ReadAllAsync(string payload, int maxEventBytes, int readSize)
    {
        using var call = new CallScope(CancellationToken.None, new QwenClientOptions());
        using var attempt = new AttemptScope(call, new QwenClientOptions());
        await using var stream = new ResponseBodyStream(new MemoryStream(Encoding.UTF8.GetBytes(payload)), attempt, long.MaxValue, "MaxStreamBytes", maxEventBytes);
        byte[] buffer = new byte[readSize];
        int total = 0, read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Fact]
    public void Read_GeneratedSseWithAnyLineEndingsAndSplits_HandsOutExactlyUpToTheFirstEventOverTheCap()
    {
        // Lines of text or nothing, ended by LF, CR or CRLF (Qwen's LF-only streams take the vectorized path, others the
        // general loop; both must count alike), read in random sizes; compared with a plain byte-by-byte reference.
        Gen<byte[]> lines = Gen.Select(Gen.Int[0, 40], Gen.Frequency((6, Gen.Const("\n")), (1, Gen.Const("\r")), (1, Gen.Const("\r\n"))), (length, end) => Encoding.ASCII.GetBytes(new string('x', length) + end));
        Gen<(byte[] Body, int Cap, int[] Reads)> cases = Gen.Select(
            lines.Array[0, 60].Select(parts => parts.SelectMany(p => p).ToArray()),
            Gen.Int[1, 120],
            Gen.Int[1, 64].Array[1, 8]);

        cases.Sample(
            c =>
            {
                int expected = ReferenceCutoff(c.Body, c.Cap);
                (int handedOut, bool threw) = ReadThrough(c.Body, c.Cap, c.Reads);
                Assert.Equal((expected, expected < c.Body.Length), (handedOut, threw));
            },
            iter: 3_000);
    }

    /// <summary>How many bytes come before the first byte that takes an event over the cap (the body's length if none).</summary>
    private static int ReferenceCutoff(byte[] body, int cap)
    {
        int eventBytes = 0;
        bool lineEmpty = true, afterCarriageReturn = false;
        for (int i = 0; i < body.Length; i++)
        {
            byte b = body[i];
            if (b == (byte)'\n' && afterCarriageReturn)
            {
                afterCarriageReturn = false;
                continue;
            }

            bool terminator = b is (byte)'\n' or (byte)'\r';
            if (terminator && lineEmpty)
            {
                eventBytes = 0;
                afterCarriageReturn = b == (byte)'\r';
                continue;
            }

            if (eventBytes + 1 > cap)
            {
                return i;
            }

            eventBytes++;
            lineEmpty = terminator;
            afterCarriageReturn = b == (byte)'\r';
        }

        return body.Length;
    }

    private static (int HandedOut, bool Threw) ReadThrough(byte[] body, int cap, int[] reads)
    {
        var options = new QwenClientOptions();
        using var call = new CallScope(CancellationToken.None, options);
        using var attempt = new AttemptScope(call, options);
        using var stream = new ResponseBodyStream(new MemoryStream(body), attempt, long.MaxValue, "MaxStreamBytes", cap);
        byte[] buffer = new byte[64];
        int total = 0;
        for (int i = 0; ; i++)
        {
            int read;
            try
            {
                read = stream.ReadAsync(buffer.AsMemory(0, reads[i % reads.Length])).AsTask().GetAwaiter().GetResult();
            }
            catch (ResponseLimitExceededException)
            {
                return (total, true);
            }

            if (read == 0)
            {
                return (total, false);
            }

            total += read;
        }
    }
}
