using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace QwenApi.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with persistence off, for the tests of an assembly. It must be
/// on PATH (<c>.ci/run</c> installs Debian's package when it is missing); readiness is read from its own log line, not
/// waited for with a sleep. <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it back on the
/// same port (an outage). Stopped (killed) when the fixture is disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private int _port;

    /// <summary>Gets the StackExchange.Redis configuration string of the server.</summary>
    public string Configuration => $"127.0.0.1:{_port}";

    public Task InitializeAsync()
    {
        _port = FreePort();
        return StartAsync();
    }

    /// <summary>Starts the server on its port (again, after <see cref="StopAsync"/>), empty, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server", ["--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not on PATH: install it (Debian: apt-get install -y redis-server); .ci/run does this when it is missing.", ex);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = DrainAsync(_process); // keep reading its log so a full pipe never blocks it
                return;
            }
        }

        throw new InvalidOperationException($"redis-server exited before it was ready: {await _process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public Task DisposeAsync() => StopAsync();

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        }
        catch (InvalidOperationException)
        {
            // disposed while reading: the server is gone
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
