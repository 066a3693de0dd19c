using System.Net.Sockets;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// One accepted connection of a <see cref="RawHttpServer"/>, handed to the test's script: it reads the request exactly
/// (headers, then the body per <c>Content-Length</c>), writes whatever bytes the script wants (HTTP framing by hand,
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

    /// <summary>Reads one request: headers up to the blank line, then exactly <c>Content-Length</c> body bytes.</summary>
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

            int read = await _stream.ReadAsync(buffer.AsMemory(length), _stopping);
            if (read == 0)
            {
                throw new EndOfStreamException("The client closed the connection before the request headers ended.");
            }

            length += read;
        }

        string[] lines = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        int declared = headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (declared > MaxBodyBytes)
        {
            throw new InvalidDataException($"The request body ({declared} bytes) exceeds {MaxBodyBytes} bytes.");
        }

        byte[] body = new byte[declared];
        int have = Math.Min(declared, length - (headerEnd + 4));
        buffer.AsSpan(headerEnd + 4, have).CopyTo(body);
        while (have < declared)
        {
            int read = await _stream.ReadAsync(body.AsMemory(have), _stopping);
            if (read == 0)
            {
                throw new EndOfStreamException("The client closed the connection before the request body ended.");
            }

            have += read;
        }

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
