namespace QwenApi.Tests.Shared;

/// <summary>One way of running a Redis-compatible server on a loopback port for <see cref="RedisServer"/>.</summary>
internal interface ITestRedisHost
{
    /// <summary>Gets what runs, for test output (e.g. "redis-server 7.0.15").</summary>
    public string Description { get; }

    /// <summary>Starts the server on <paramref name="port"/>, empty, and returns once it accepts connections.</summary>
    public Task StartAsync(int port);

    /// <summary>Stops the server at once (as a crash would: clients see their sockets close) and frees its port.</summary>
    public Task StopAsync();
}
