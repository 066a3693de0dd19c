using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// An HTTP/1.1 server on the IPv4 loopback that answers every request with exactly the bytes a test gives: status line,
/// headers and body, optionally cut after some of the body. It covers what the simulator cannot send: raw (compressed
/// or invalid) bytes, bodies longer than the client reads, and a connection that ends mid-body.
/// </summary>
/// <remarks>
/// A cut closes the connection in order (FIN) after the partial body, with the declared Content-Length unmet, so the
/// client's read fails with "the response ended prematurely". (A TCP reset is not used: on receiving one, Linux drops
/// the bytes the client had not read yet, so what arrived would depend on timing.) Each reply is sent with
/// <c>Connection: close</c>, and the server reads the whole request before answering so closing never resets.
/// </remarks>
internal sealed class LoopbackErrorServer : IAsyncDisposable
{
    public const string ApiKey = "sk-loopback-Zq8Kx3Vm7Tn2";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    private LoopbackErrorServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets or sets the response every request gets.</summary>
    public ErrorReply Reply { get; set; } = new(500, []);

    public static Task<LoopbackErrorServer> StartAsync() => Task.FromResult(new LoopbackErrorServer());

    public QwenChatClient CreateClient(string apiKey = ApiKey, HttpClient? httpClient = null, Action<QwenClientOptions>? configure = null)
    {
        var options = new QwenClientOptions
        {
            ApiKey = apiKey,
            Endpoint = Endpoint,
            ModelId = "qwen-plus",
            MaxRetries = 0,
            OverallTimeout = Timeout.InfiniteTimeSpan,
            ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
            StreamIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        configure?.Invoke(options);
        return httpClient is null ? new QwenChatClient(options) : new QwenChatClient(options, httpClient);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                if (!await ReadRequestAsync(socket))
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                ErrorReply reply = Reply;
                var head = new StringBuilder();
                head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {ReasonPhrase(reply.Status)}\r\n");
                head.Append(CultureInfo.InvariantCulture, $"Content-Type: {reply.ContentType}\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n");
                foreach ((string name, string value) in reply.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                int sent = reply.AbortAfterBytes is { } cut ? Math.Min(cut, reply.Body.Length) : reply.Body.Length;
                await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await socket.SendAsync(reply.Body.AsMemory(0, sent), _stop.Token);
                socket.Shutdown(SocketShutdown.Send);

                // Wait for the client to close its side: closing first with unread data would reset the connection.
                byte[] sink = new byte[1024];
                while (await socket.ReceiveAsync(sink, _stop.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stopped.
            }
        }
    }

    /// <summary>Reads one request (head, then a Content-Length body) to its end.</summary>
    private async Task<bool> ReadRequestAsync(Socket socket)
    {
        var received = new List<byte>();
        byte[] chunk = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0)
        {
            int read = await socket.ReceiveAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return false;
            }

            received.AddRange(chunk.AsSpan(0, read));
            headEnd = Encoding.ASCII.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal);
        }

        string head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        int length = 0;
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        bool chunked = head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        received.RemoveRange(0, headEnd + 4);
        while (chunked ? !EndsWithLastChunk(received) : received.Count < length)
        {
            int read = await socket.ReceiveAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return false;
            }

            received.AddRange(chunk.AsSpan(0, read));
        }

        return true;
    }

    private static bool EndsWithLastChunk(List<byte> body) =>
        body.Count >= 5 && Encoding.ASCII.GetString([.. body[^5..]]) == "0\r\n\r\n";

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
