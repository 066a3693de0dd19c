namespace QwenApi.Extensions.AI;

/// <summary>
/// A read-only view of a response body that enforces the client's limits on it: the idle timeout around every read that
/// has to wait for data (any byte counts as activity, SSE keep-alive comments included, so a healthy stream of any
/// length is never cut and a silent one is), a cap on the whole body, and for SSE a cap on one event. Every count is of
/// the bytes this stream hands out, so it is after any decompression. It hands out every byte up to a cap (so every
/// event that fits reaches the reader, however the network split the data) and throws
/// <see cref="ResponseLimitExceededException"/> on the read after, never handing out a byte past the cap: no reader
/// above it (our buffer, the SSE parser's line and data buffers) ever holds more than the cap.
/// </summary>
internal sealed class ResponseBodyStream : Stream
{
    private readonly Stream _inner;
    private readonly AttemptScope _attempt;
    private readonly long _maxBytes;
    private readonly string _maxBytesOption;
    private readonly int _maxEventBytes;
    private long _total;
    private ResponseLimitExceededException? _exceeded;

    // SSE event tracking (WHATWG HTML §9.2.6: lines end with CRLF, LF or CR; an empty line ends an event).
    private int _eventBytes;
    private bool _lineEmpty = true;
    private bool _afterCarriageReturn;

    /// <param name="inner">The body as HttpClient gives it; disposed with this stream.</param>
    /// <param name="attempt">The attempt whose idle timer is armed around waiting reads.</param>
    /// <param name="maxBytes">The most bytes the whole body may have.</param>
    /// <param name="maxBytesOption">The <see cref="QwenClientOptions"/> property behind <paramref name="maxBytes"/>, for the message.</param>
    /// <param name="maxEventBytes">The most bytes one SSE event may have, or 0 when the body is not SSE.</param>
    public ResponseBodyStream(Stream inner, AttemptScope attempt, long maxBytes, string maxBytesOption, int maxEventBytes = 0)
    {
        _inner = inner;
        _attempt = attempt;
        _maxBytes = maxBytes;
        _maxBytesOption = maxBytesOption;
        _maxEventBytes = maxEventBytes;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_exceeded is not null)
        {
            return ValueTask.FromException<int>(_exceeded);
        }

        // Never ask for more than one byte past the cap: a huge body is refused after reading at most that much.
        long room = _maxBytes - _total; // never negative: Count throws once the total passes the cap
        if (buffer.Length > room)
        {
            buffer = buffer[..(int)(room + 1)];
        }

        // Most reads are served from bytes the connection already buffered and complete at once: nothing waited, so
        // there is nothing to time. Only a read that has to wait for the network arms the idle timer, so a fast stream
        // rarely touches it (docs/benchmarks.md, round 2).
        ValueTask<int> read = _inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<int>(Count(buffer.Span[..read.Result])) : WaitAsync(read, buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The response body is read asynchronously only.");

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    private async ValueTask<int> WaitAsync(ValueTask<int> read, Memory<byte> buffer)
    {
        // The read started a moment ago and is pending: arm now (on a fake clock, still at the same instant).
        _attempt.BeforeRead();
        int count;
        try
        {
            count = await read.ConfigureAwait(false);
        }
        finally
        {
            _attempt.AfterRead();
        }

        return Count(buffer.Span[..count]);
    }

    /// <summary>Counts a read and returns how many of its bytes may be handed out; past a cap, the next read throws.</summary>
    private int Count(ReadOnlySpan<byte> bytes)
    {
        int accepted = bytes.Length;
        if (_total + accepted > _maxBytes)
        {
            accepted = (int)(_maxBytes - _total);
            _exceeded = new ResponseLimitExceededException(_maxBytes, _maxBytesOption, _maxEventBytes > 0 ? "the stream" : "the response body");
        }

        if (_maxEventBytes > 0)
        {
            int fits = TrackEvents(bytes[..accepted]);
            if (fits < accepted)
            {
                accepted = fits;
                _exceeded = new ResponseLimitExceededException(_maxEventBytes, nameof(QwenClientOptions.MaxStreamEventBytes), "one server-sent event");
            }
        }

        _total += accepted;
        if (accepted == 0 && _exceeded is not null)
        {
            throw _exceeded; // Returning 0 would read as the end of the body.
        }

        return accepted;
    }

    /// <summary>
    /// The common case in two vectorized scans instead of one search per line: a read with no CR (Qwen ends lines with
    /// LF) whose events stay under the cap. Then the last blank line is the last <c>\n\n</c> (or a leading <c>\n</c>
    /// right after a line ended), and every byte after it belongs to the open event, exactly as the general loop counts
    /// (text plus one per line end). Anything else (a CR anywhere, a pending CR, a read that could reach the cap) takes
    /// the general loop, which finds the exact byte where an event passes it.
    /// </summary>
    private bool TryTrackLineFeedOnly(ReadOnlySpan<byte> bytes)
    {
        // The open event plus the whole read within the cap: then no event in this read can pass it, whatever its
        // boundaries (with the default cap of MiBs and reads of KBs, that is every read but those of a giant event).
        if (bytes.IsEmpty || _afterCarriageReturn || (long)_eventBytes + bytes.Length > _maxEventBytes || bytes.Contains((byte)'\r'))
        {
            return false;
        }

        int last = bytes.LastIndexOf("\n\n"u8);
        int boundary = last >= 0 ? last + 1 : (_lineEmpty && bytes[0] == (byte)'\n' ? 0 : -1);
        _eventBytes = boundary >= 0 ? bytes.Length - boundary - 1 : _eventBytes + bytes.Length;
        _lineEmpty = bytes[^1] == (byte)'\n';
        return true;
    }

    /// <summary>Follows line and event boundaries; returns how many of <paramref name="bytes"/> fit the event cap.</summary>
    private int TrackEvents(ReadOnlySpan<byte> bytes)
    {
        if (TryTrackLineFeedOnly(bytes))
        {
            return bytes.Length;
        }

        int position = 0;
        while (position < bytes.Length)
        {
            ReadOnlySpan<byte> rest = bytes[position..];
            int end = rest.IndexOfAny((byte)'\n', (byte)'\r');
            int text = end < 0 ? rest.Length : end;
            if (text > 0)
            {
                if (_eventBytes + text > _maxEventBytes)
                {
                    return position + (_maxEventBytes - _eventBytes);
                }

                _eventBytes += text;
                _lineEmpty = false;
                _afterCarriageReturn = false;
            }

            if (end < 0)
            {
                return bytes.Length;
            }

            bool carriageReturn = rest[end] == (byte)'\r';
            if (!carriageReturn && _afterCarriageReturn && end == 0)
            {
                _afterCarriageReturn = false; // The LF of a CRLF: the line already ended at its CR.
            }
            else if (_lineEmpty)
            {
                _eventBytes = 0; // An empty line: the event ended.
                _afterCarriageReturn = carriageReturn;
            }
            else
            {
                if (_eventBytes + 1 > _maxEventBytes)
                {
                    return position + end;
                }

                _eventBytes++;
                _lineEmpty = true;
                _afterCarriageReturn = carriageReturn;
            }

            position += end + 1;
        }

        return bytes.Length;
    }
}
