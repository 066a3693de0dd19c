using System.Net;
using System.Net.Sockets;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A hostile HTTP/1.1 server for tests: a <see cref="TcpListener"/> on 127.0.0.1 (port 0) that runs the test's script on
/// every connection it accepts, over the raw socket (see <see cref="RawConnection"/>), so a test can send what no real
/// server library would: broken framing, lying lengths, endless lines, resets at any byte, exact error bodies. Bounded:
/// it accepts at most <see cref="MaxConnections"/> connections (unless a test asks for more), and disposing it stops
/// the listener, aborts every open connection and waits for every script to end. The one raw server of the tests.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    public const int MaxConnections = 32;

    /// <summary>The key clients of this server use (well formed; the server checks nothing).</summary>
    public const string ApiKey = "sk-hostile-0123456789";

    private readonly TcpListener _listener;
    private readonly Func<RawConnection, Task> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<RawConnection> _connections = [];
    private readonly int _maxConnections;
    private readonly Task _accepting;
    private TaskCompletionSource _requestRead = NewSignal();
    private int _requests;

    private RawHttpServer(Func<RawConnection, Task> script, int maxConnections)
    {
        _script = script;
        _maxConnections = maxConnections;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the base endpoint to give the client (requests go to <c>/v1/chat/completions</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets how many requests were read whole so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets the connections accepted so far, in order.</summary>
    public IReadOnlyList<RawConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Starts a server that runs <paramref name="script"/> on every connection, of at most <paramref name="maxConnections"/>.</summary>
    public static RawHttpServer Start(Func<RawConnection, Task> script, int maxConnections = MaxConnections) => new(script, maxConnections);

    /// <summary>Completes once <paramref name="count"/> requests were read whole.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_requests >= count)
                {
                    return;
                }

                next = _requestRead.Task;
            }

            await next.WaitAsync(_stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await ClockDriver.Guard(_accepting);
        foreach (RawConnection connection in Connections)
        {
            connection.Abort();
        }

        await ClockDriver.Guard(Task.WhenAll(Connections.Select(c => c.Ended)));
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        for (int number = 1; number <= _maxConnections; number++)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new RawConnection(socket, number, _stopping.Token, OnRequestRead);
            lock (_lock)
            {
                _connections.Add(connection);
            }

            connection.Start(_script);
        }
    }

    private void OnRequestRead()
    {
        lock (_lock)
        {
            _requests++;
            _requestRead.TrySetResult();
            _requestRead = NewSignal();
        }
    }
}
