using QwenApi.Tests.Shared;

namespace QwenApi.Fleet;

/// <summary>
/// The Redis of a redis-mode run, on a free loopback port that stays its own: it can be stopped and started again, empty,
/// on the same port (the outage scenario). The server is one of the tests' hosts (tests/Shared/Redis, compiled in): a
/// <c>redis-server</c> process or a Garnet server embedded in the orchestrator, so both are written once.
/// </summary>
internal sealed class RedisHost : IDisposable
{
    private readonly ITestRedisHost _server;

    private RedisHost(ITestRedisHost server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Which server this is, for the result line: <c>redis-server 7.0.15</c> or <c>Garnet 2.2.12 (embedded)</c>.</summary>
    public string Description => _server.Description;

    /// <summary>Starts the server as <paramref name="choice"/> says (<c>auto</c>: redis-server when on PATH, else Garnet).</summary>
    public static async Task<RedisHost> StartAsync(string choice, CancellationToken cancellationToken)
    {
        bool onPath = RedisServerProcess.IsOnPath();
        ITestRedisHost server = choice switch
        {
            "garnet" => new EmbeddedGarnet(),
            "redis-server" => onPath ? new RedisServerProcess() : throw new InvalidOperationException(
                "redis-server not found on PATH; install it with: apt-get install -y redis-server, or use --redis-server garnet"),
            _ => onPath ? new RedisServerProcess() : new EmbeddedGarnet(),
        };
        var host = new RedisHost(server, LoopbackPort.Free());
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server, empty, on <see cref="Port"/>, and returns once it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(Port).WaitAsync(cancellationToken);

    /// <summary>Stops the server at once (its data is lost); nothing happens if it is not running.</summary>
    public void Stop() => _server.StopAsync().GetAwaiter().GetResult();

    public void Dispose() => Stop();
}
