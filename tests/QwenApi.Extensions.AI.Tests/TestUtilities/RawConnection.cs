using System.Net.Sockets;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// One accepted connection of a <see cref="RawHttpServer"/>, handed to the test's script: it reads the request exactly
/// (headers, then the body per <c>Content-Length</c> or chunked framing), writes whatever bytes the script wants (HTTP framing by hand,
/// chunked or not), waits on test-controlled gates, and ends with a graceful close (FIN) or a reset (RST).
/// Every read is bounded (64 KiB of headers, 4 MiB of body); every wait also ends when the server stops.
/// </summary>
internal sealed class RawConnection
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationToken _stopping;
    private readonly Action _onRequest;
    private long _bytesWritten;
    private bool _reset;

    public RawConnection(Socket socket, int number, CancellationToken stopping, Action onRequest)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _stopping = stopping;
        _onRequest = onRequest;
        Number = number;
    }

    /// <summary>Gets the connection's 1-based number, in accept order.</summary>
    public int Number { get; }

    /// <summary>Gets the request, once <see cref="ReadRequestAsync"/> has read it.</summary>
    public RawRequest? Request { get; private set; }

    /// <summary>Gets how many bytes the script wrote so far (counted once a write completed).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Gets the exception that ended the script (for example an <see cref="IOException"/> when the client went away), if any.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Gets a task that completes when the script ended and the socket is closed.</summary>
    public Task Ended { get; private set; } = Task.CompletedTask;

    /// <summary>Reads one request: headers up to the blank line, then the body (<c>Content-Length</c> bytes, or chunks to the last one).</summary>
    public async Task<RawRequest> ReadRequestAsync()
    {
        byte[] buffer = new byte[MaxHeaderBytes];
        int length = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                throw new InvalidDataException($"The request headers exceed {MaxHeaderBytes} bytes.");
            }

            length += await ReadSomeAsync(buffer.AsMemory(length), "before the request headers ended");
        }

        string[] lines = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var pending = new MemoryStream();
        pending.Write(buffer, headerEnd + 4, length - (headerEnd + 4));
        byte[] body = headers.TryGetValue("Transfer-Encoding", out string? coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? await ReadChunkedBodyAsync(pending)
            : await ReadBodyAsync(pending, headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Request = new RawRequest(lines[0], headers, body);
        _onRequest();
        return Request;
    }

    /// <summary>Writes <paramref name="bytes"/> as they are.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes, _stopping);
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8, as it is (no framing added).</summary>
    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes a status line and headers, always with <c>Connection: close</c> (so the client never reuses a connection a
    /// script ends): <c>Content-Length</c> when <paramref name="contentLength"/> is set, <c>Transfer-Encoding: chunked</c>
    /// when <paramref name="chunked"/>, neither for a body that ends when the connection closes.
    /// </summary>
    public Task WriteHeadAsync(string contentType, long? contentLength = null, bool chunked = false, params string[] headers)
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\nConnection: close\r\n");
        if (contentLength is { } declared)
        {
            head.Append("Content-Length: ").Append(declared).Append("\r\n");
        }

        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }

        foreach (string header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return WriteAsync(head.Append("\r\n").ToString());
    }

    /// <summary>Writes one chunk of chunked framing: its size in hex, CRLF, the data, CRLF.</summary>
    /// <remarks>Three writes, no copy: the endless-body tests must not count the server's copies as the client's allocations.</remarks>
    public async Task WriteChunkAsync(ReadOnlyMemory<byte> data)
    {
        await WriteAsync($"{data.Length:x}\r\n");
        await WriteAsync(data);
        await WriteAsync(s_crlf);
    }

    /// <summary>Writes one chunk of chunked framing holding <paramref name="text"/> as UTF-8.</summary>
    public Task WriteChunkAsync(string text) => WriteChunkAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes the last chunk (<c>0</c>, CRLF, CRLF) that ends a chunked body.</summary>
    public Task WriteLastChunkAsync() => WriteAsync("0\r\n\r\n");

    /// <summary>Waits until the test completes <paramref name="gate"/> (or the server stops).</summary>
    public Task WaitAsync(Task gate) => gate.WaitAsync(_stopping);

    /// <summary>Sends nothing more and waits until the client closes or resets the connection (or the server stops).</summary>
    public async Task StallUntilClientLeavesAsync()
    {
        byte[] one = new byte[1];
        try
        {
            while (await _stream.ReadAsync(one, _stopping) > 0)
            {
                // The request was read whole; anything more is ignored. The loop ends at the client's FIN.
            }
        }
        catch (IOException)
        {
            // The client reset the connection: it left.
        }
    }

    /// <summary>Ends what the server sends (a FIN) while still reading, so a body cut short ends in order, not by a reset.</summary>
    public void EndOutput() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Resets the connection: an RST instead of a FIN (linger on, zero seconds, then close).</summary>
    public void Reset()
    {
        _reset = true;
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Runs <paramref name="script"/>; the connection is closed when it ends, gracefully unless it reset it.</summary>
    internal void Start(Func<RawConnection, Task> script) => Ended = RunAsync(script);

    /// <summary>Closes the socket at once, ending any pending read or write (used when the server stops).</summary>
    internal void Abort() => _socket.Dispose();

    private async Task<byte[]> ReadBodyAsync(MemoryStream pending, int declared)
    {
        if (declared > MaxBodyBytes)
        {
            throw new InvalidDataException($"The request body ({declared} bytes) exceeds {MaxBodyBytes} bytes.");
        }

        await FillAsync(pending, declared);
        return pending.GetBuffer().AsSpan(0, declared).ToArray();
    }

    /// <summary>Decodes chunked framing (size line, data, CRLF; a zero size ends it) into the body, bounded like a declared one.</summary>
    private async Task<byte[]> ReadChunkedBodyAsync(MemoryStream pending)
    {
        var body = new MemoryStream();
        int at = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = pending.GetBuffer().AsSpan(at, (int)pending.Length - at).IndexOf(s_crlf)) < 0)
            {
                await FillAsync(pending, (int)pending.Length + 1);
            }

            string sizeText = Encoding.ASCII.GetString(pending.GetBuffer(), at, lineEnd).Split(';')[0].Trim();
            int size = int.Parse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (body.Length + size > MaxBodyBytes)
            {
                throw new InvalidDataException($"The chunked request body exceeds {MaxBodyBytes} bytes.");
            }

            at += lineEnd + 2;
            await FillAsync(pending, at + size + 2);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(pending.GetBuffer(), at, size);
            at += size + 2;
        }
    }

    /// <summary>Reads from the socket into <paramref name="pending"/> until it holds at least <paramref name="count"/> bytes.</summary>
    private async Task FillAsync(MemoryStream pending, int count)
    {
        byte[] chunk = new byte[8192];
        while (pending.Length < count)
        {
            int read = await ReadSomeAsync(chunk, "before the request body ended");
            pending.Write(chunk, 0, read);
        }
    }

    private async Task<int> ReadSomeAsync(Memory<byte> into, string where)
    {
        int read = await _stream.ReadAsync(into, _stopping);
        return read > 0 ? read : throw new EndOfStreamException("The client closed the connection " + where + ".");
    }

    private async Task RunAsync(Func<RawConnection, Task> script)
    {
        await Task.Yield();
        try
        {
            await script(this);
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            if (!_reset)
            {
                try
                {
                    _socket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already closed by the peer or by Abort.
                }
            }

            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
