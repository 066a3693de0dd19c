using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QwenApi.Compatibility.Tests.TestUtilities;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with persistence off, for the tests of this assembly. It must be
/// on PATH (<c>.ci/run</c> installs Debian's package when it is missing); readiness is read from its own log line, not
/// waited for with a sleep. Stopped (killed) when the fixture is disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    /// <summary>Gets the StackExchange.Redis configuration string of the running server.</summary>
    public string Configuration { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"])
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
                Configuration = $"127.0.0.1:{port}";
                return;
            }
        }

        throw new InvalidOperationException($"redis-server exited before it was ready: {await _process.StandardError.ReadToEndAsync()}");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
