namespace QwenApi.Extensions.AI;

/// <summary>
/// A read-only view of a response stream that arms the idle timeout around every read that has to wait for data. Any byte counts as activity,
/// SSE keep-alive comments included, so a healthy stream of any length is never cut and a silent one is.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, AttemptScope attempt) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Most reads are served from bytes the connection already buffered and complete at once: nothing waited, so
        // there is nothing to time. Only a read that has to wait for the network arms the idle timer. (Arming and
        // disarming an ITimer around every read was ~20% of the streaming CPU; a fast stream now touches it rarely.)
        ValueTask<int> read = inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompleted ? read : WaitAsync(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async ValueTask<int> WaitAsync(ValueTask<int> read)
    {
        // The read started a moment ago and is pending: arm now (on a fake clock, still at the same instant).
        attempt.BeforeRead();
        try
        {
            return await read.ConfigureAwait(false);
        }
        finally
        {
            attempt.AfterRead();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
