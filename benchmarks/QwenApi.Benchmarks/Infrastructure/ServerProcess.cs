using System.Diagnostics;
using System.Reflection;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// The payload server (benchmarks/QwenApi.Benchmarks.Server) in its own process, started with <c>dotnet exec</c>.
/// It prints its port on stdout and exits when its stdin closes, so it never outlives this process even after a crash.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The endpoint for one payload: requests go to <c>{endpoint}/chat/completions</c>.</summary>
    public Uri Endpoint(string payload) => new($"http://127.0.0.1:{Port}/{payload}/v1");

    public static ServerProcess Start()
    {
        string dll = Environment.GetEnvironmentVariable("QWEN_BENCH_SERVER")
            ?? typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerPath").Value!;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The benchmark server is not built: {dll}. Build benchmarks/QwenApi.Benchmarks.Server in the same configuration.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the benchmark server.");
        try
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith("PORT=", StringComparison.Ordinal))
                {
                    return new ServerProcess(process, int.Parse(line.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            throw new InvalidOperationException("The benchmark server exited before printing its port.");
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5_000))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
