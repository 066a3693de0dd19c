using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QwenApi.Fleet;

/// <summary>A throwaway <c>redis-server</c> on a free loopback port, without persistence. Killed on dispose.</summary>
internal sealed class RedisServerProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly ChildOutput _output;

    private RedisServerProcess(Process process, ChildOutput output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The full path of <c>redis-server</c> on <c>PATH</c>, or <see langword="null"/> when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts the server and waits until it answers <c>PING</c>.</summary>
    public static async Task<RedisServerProcess> StartAsync(string executable, CancellationToken cancellationToken)
    {
        int port = FreePort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["--save", "", "--appendonly", "no", "--port", $"{port}", "--bind", "127.0.0.1"])
        {
            info.ArgumentList.Add(argument);
        }

        var output = new ChildOutput();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        _ = process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServerProcess(process, output, port);
        try
        {
            await server.WaitForPongAsync(cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ChildProcess.Stop(_process);
    }

    private async Task WaitForPongAsync(CancellationToken cancellationToken)
    {
        long started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}: {_output.OneLine()}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
