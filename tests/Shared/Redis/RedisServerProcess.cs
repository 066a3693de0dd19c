using System.Diagnostics;
using System.Globalization;

namespace QwenApi.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> from PATH, persistence off. Readiness is read from its own log line, not waited for with a
/// sleep; stopping kills it (as a crash would).
/// </summary>
internal sealed class RedisServerProcess : ITestRedisHost
{
    private const string FileName = "redis-server";
    private Process? _process;
    private string _version = "";

    /// <inheritdoc/>
    public string Description => (FileName + " " + _version).TrimEnd();

    /// <summary>Returns whether <c>redis-server</c> is on PATH.</summary>
    public static bool IsOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, OperatingSystem.IsWindows() ? FileName + ".exe" : FileName)));

    /// <inheritdoc/>
    public async Task StartAsync(int port)
    {
        var start = new ProcessStartInfo(FileName, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"])
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
            throw new InvalidOperationException("redis-server is not on PATH: install it (Debian: apt-get install -y redis-server), or unset QWEN_TEST_REDIS to use the embedded Garnet.", ex);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            // e.g. "oO0OoO0OoO0Oo Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=1, just started"
            int at = line.IndexOf("Redis version=", StringComparison.Ordinal);
            if (at >= 0)
            {
                _version = line[(at + "Redis version=".Length)..].Split(',')[0];
            }

            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = DrainAsync(_process); // keep reading its log so a full pipe never blocks it
                return;
            }
        }

        throw new InvalidOperationException($"redis-server exited before it was ready: {await _process.StandardError.ReadToEndAsync()}");
    }

    /// <inheritdoc/>
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
}
