using System.Net;
using System.Net.Sockets;

namespace QwenApi.Fleet;

/// <summary>
/// The Redis of a redis-mode run, on a free loopback port that stays its own: it can be stopped and started again, empty,
/// on the same port (the outage scenario). Either a <c>redis-server</c> process or a Garnet server embedded in the orchestrator.
/// </summary>
internal abstract class RedisHost : IDisposable
{
    protected RedisHost(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Which server this is, for the result line: <c>redis-server 7.0.15</c> or <c>garnet 2.2.12 (embedded)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Starts the server as <paramref name="choice"/> says (<c>auto</c>: redis-server when on PATH, else Garnet).</summary>
    public static async Task<RedisHost> StartAsync(string choice, CancellationToken cancellationToken)
    {
        string? executable = RedisServerProcess.FindExecutable();
        RedisHost host = choice switch
        {
            "garnet" => new EmbeddedGarnet(FreePort()),
            "redis-server" => new RedisServerProcess(executable ?? throw new InvalidOperationException(
                "redis-server not found on PATH; install it with: apt-get install -y redis-server, or use --redis-server garnet"), FreePort()),
            _ => executable is null ? new EmbeddedGarnet(FreePort()) : new RedisServerProcess(executable, FreePort()),
        };
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

    /// <summary>Starts the server, empty, on <see cref="Port"/>, and returns once it answers.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the server at once (its data is lost); nothing happens if it is not running.</summary>
    public abstract void Stop();

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
