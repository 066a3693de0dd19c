using System.Net.Sockets;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A real <see cref="SocketsHttpHandler"/> that counts what the client leaves open: responses not yet disposed, and TCP
/// connections not yet closed. It also records, for every request, how many earlier responses were still alive when it
/// was sent (a retry must dispose the failed response first).
/// </summary>
internal sealed class TrackingHandler : DelegatingHandler
{
    private readonly Lock _lock = new();
    private readonly List<int> _liveAtSend = [];
    private int _liveResponses;
    private int _liveConnections;
    private int _connectionsOpened;

    public TrackingHandler(bool allowAutoRedirect = false)
    {
        InnerHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = allowAutoRedirect,
            ConnectCallback = ConnectAsync,
        };
    }

    public int LiveResponses => Volatile.Read(ref _liveResponses);

    public int LiveConnections => Volatile.Read(ref _liveConnections);

    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    public IReadOnlyList<int> LiveResponsesAtSend
    {
        get
        {
            lock (_lock)
            {
                return [.. _liveAtSend];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _liveAtSend.Add(LiveResponses);
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref _liveResponses);
        response.Content = new TrackingContent(response.Content, () => Interlocked.Decrement(ref _liveResponses));
        return response;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Interlocked.Increment(ref _connectionsOpened);
        Interlocked.Increment(ref _liveConnections);
        return new CountedStream(new NetworkStream(socket, ownsSocket: true), () => Interlocked.Decrement(ref _liveConnections));
    }
}
