namespace QwenApi.Tests.Shared;

/// <summary>
/// A Redis-compatible server on a free loopback port, empty and without persistence, for the tests of a class: a real
/// <c>redis-server</c> when one is on PATH, else Microsoft Garnet embedded in the test process. The environment variable
/// <c>QWEN_TEST_REDIS</c> forces one (<c>redis-server</c> or <c>garnet</c>). <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> take it down and bring it back on the same port (an outage). Stopped when disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    /// <summary>The environment variable that forces a server: <c>redis-server</c> or <c>garnet</c>.</summary>
    public const string EnvironmentVariable = "QWEN_TEST_REDIS";

    private readonly ITestRedisHost _host;
    private int _port;

    /// <summary>Chooses the server from <see cref="EnvironmentVariable"/>, else from PATH.</summary>
    public RedisServer()
    {
        Kind = ChooseKind();
        _host = Kind == RedisServerKind.RedisServer ? new RedisServerProcess() : new EmbeddedGarnet();
    }

    /// <summary>Gets which server runs.</summary>
    public RedisServerKind Kind { get; }

    /// <summary>Gets what runs, e.g. "redis-server 7.0.15" or "Garnet 2.2.12 (embedded)".</summary>
    public string Description => _host.Description;

    /// <summary>Gets the StackExchange.Redis configuration string of the server.</summary>
    public string Configuration => $"127.0.0.1:{_port}";

    /// <inheritdoc/>
    public Task InitializeAsync()
    {
        _port = LoopbackPort.Free();
        return StartAsync();
    }

    /// <summary>Starts the server on its port (again, after <see cref="StopAsync"/>), empty, and waits until it accepts connections.</summary>
    public Task StartAsync() => _host.StartAsync(_port);

    /// <summary>Stops the server at once (as a crash would) and waits until it is gone.</summary>
    public Task StopAsync() => _host.StopAsync();

    /// <inheritdoc/>
    public Task DisposeAsync() => StopAsync();

    private static RedisServerKind ChooseKind()
    {
        string? forced = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return forced switch
        {
            null or "" => RedisServerProcess.IsOnPath() ? RedisServerKind.RedisServer : RedisServerKind.Garnet,
            "redis-server" => RedisServerProcess.IsOnPath() ? RedisServerKind.RedisServer
                : throw new InvalidOperationException($"{EnvironmentVariable}=redis-server, but redis-server is not on PATH: install it (Debian: apt-get install -y redis-server), or unset {EnvironmentVariable} to use the embedded Garnet."),
            "garnet" => RedisServerKind.Garnet,
            _ => throw new InvalidOperationException($"{EnvironmentVariable}={forced} is not known: use redis-server or garnet (unset: redis-server when on PATH, else garnet)."),
        };
    }
}
