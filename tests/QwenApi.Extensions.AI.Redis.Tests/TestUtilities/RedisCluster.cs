using System.Diagnostics;
using System.Globalization;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>
/// A local three-master Redis Cluster: three <c>redis-server --cluster-enabled yes</c> on free loopback ports (persistence
/// off, state in a temporary folder), joined by <c>redis-cli --cluster create</c>, which returns once every slot is
/// covered and the nodes agree. Killed and deleted when disposed. Tests using it are <see cref="RedisClusterFactAttribute"/>s.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private readonly List<Process> _nodes = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qwen-redis-cluster-" + Guid.NewGuid().ToString("N"));
    private int[] _ports = [];

    /// <summary>Gets the StackExchange.Redis configuration string naming the three masters.</summary>
    public string Configuration => string.Join(',', _ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));

    public async Task InitializeAsync()
    {
        if (!RedisClusterFactAttribute.Available)
        {
            return; // every test is skipped
        }

        _ = Directory.CreateDirectory(_folder);
        _ports = [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];
        var clusterOk = new List<Task>();
        foreach (int port in _ports)
        {
            string p = port.ToString(CultureInfo.InvariantCulture);
            var ok = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            clusterOk.Add(ok.Task);
            _nodes.Add(await StartAsync("redis-server", ["--port", p, "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + p + ".conf", "--dir", _folder, "--save", "", "--appendonly", "no"], "Ready to accept connections", ("Cluster state changed: ok", ok)));
        }

        using Process create = await StartAsync("redis-cli", ["--cluster", "create", .. _ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)), "--cluster-replicas", "0", "--cluster-yes"], "All 16384 slots covered");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await create.WaitForExitAsync(guard.Token);
        await Task.WhenAll(clusterOk).WaitAsync(guard.Token); // every node's own log says the cluster serves its slots
    }

    public async Task DisposeAsync()
    {
        foreach (Process node in _nodes)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
            node.Dispose();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/> and reads its output until <paramref name="ready"/> appears (no sleeping); then keeps
    /// reading it, completing <paramref name="later"/>'s task when its line appears.
    /// </summary>
    private static async Task<Process> StartAsync(string file, string[] arguments, string ready, (string Line, TaskCompletionSource Seen)? later = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start.");
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            _ = seen.AppendLine(line);
            if (line.Contains(ready, StringComparison.Ordinal))
            {
                _ = DrainAsync(process, later); // keep reading so a full pipe never blocks it
                return process;
            }
        }

        throw new InvalidOperationException($"{file} ended before '{ready}': {seen}");
    }

    private static async Task DrainAsync(Process process, (string Line, TaskCompletionSource Seen)? later)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (later is { } wanted && line.Contains(wanted.Line, StringComparison.Ordinal))
                {
                    _ = wanted.Seen.TrySetResult();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // disposed while reading: the process is gone
        }
    }
}
