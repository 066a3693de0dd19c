using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QwenApi.Fleet;

/// <summary>A throwaway <c>redis-server</c> on a loopback port, without persistence. Killed on stop.</summary>
internal sealed class RedisServerProcess(string executable, int port) : RedisHost(port)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);
    private readonly ChildOutput _output = new();
    private Process? _process;
    private string? _version;

    public override string Description => $"redis-server {_version ?? "unknown"}";

    /// <summary>The full path of <c>redis-server</c> on <c>PATH</c>, or <see langword="null"/> when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts the server and waits until it answers <c>PING</c>.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _version ??= await VersionAsync(cancellationToken);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["--save", "", "--appendonly", "no", "--port", $"{Port}", "--bind", "127.0.0.1"])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _ = process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForPongAsync(process, cancellationToken);
    }

    public override void Stop()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            ChildProcess.Stop(process);
        }
    }

    /// <summary>The version from <c>redis-server --version</c> (<c>Redis server v=7.0.15 sha=…</c>).</summary>
    private async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("redis-server --version did not start.");
        string text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        int at = text.IndexOf("v=", StringComparison.Ordinal);
        return at < 0 ? "unknown" : text[(at + 2)..].Split(' ', 2)[0].Trim();
    }

    private async Task WaitForPongAsync(Process process, CancellationToken cancellationToken)
    {
        long started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {_output.OneLine()}");
            }

            if (await PingAsync(cancellationToken))
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > s_startTimeout)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {s_startTimeout.TotalSeconds:0} s: {_output.OneLine()}");
            }

            // Polling a process that is starting: a short pause between attempts, not in any measured path.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Sends an inline <c>PING</c> over a raw socket and expects <c>+PONG</c>, so no Redis client is needed here.</summary>
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            NetworkStream stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            int read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
