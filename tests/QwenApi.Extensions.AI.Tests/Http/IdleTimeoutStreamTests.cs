using System.IO.Pipelines;
using System.Text;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>The idle timeout is re-armed on every read: any bytes, SSE keep-alive comments included, keep a stream alive.</summary>
public sealed class IdleTimeoutStreamTests
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
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), attempt);
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
}
