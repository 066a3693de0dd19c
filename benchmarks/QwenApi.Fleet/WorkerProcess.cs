using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace QwenApi.Fleet;

/// <summary>A worker: this same executable started with <c>--worker</c>, its stdin, stdout and stderr redirected.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ChildOutput _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resultLine;

    private WorkerProcess(int index, Process process)
    {
        Index = index;
        _process = process;
    }

    public int Index { get; }

    public static WorkerProcess Start(int index, IEnumerable<string> arguments)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet QwenApi.Fleet.dll` the process is the dotnet host: it needs the assembly to run.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The entry assembly is unknown."));
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(index, process);
        process.OutputDataReceived += (_, e) => worker.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => worker._stderr.Add(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"worker {index} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the worker's <c>ready</c>; fails with its stderr if it exits first.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Task exited = _process.WaitForExitAsync(limit.Token);
        Task first = await Task.WhenAny(_ready.Task, exited);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == _ready.Task)
        {
            return;
        }

        if (exited.IsCanceled)
        {
            throw new TimeoutException($"worker {Index} was not ready within {timeout.TotalSeconds:0} s: {_stderr.OneLine()}");
        }

        throw Failed();
    }

    /// <summary>Tells the worker to start its callers.</summary>
    public void Go()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the worker to exit and returns its result line; fails with its stderr if it exits non-zero.</summary>
    public async Task<WorkerResult> WaitForResultAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            // Also waits for the end of the redirected streams, so the result line has been read.
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"worker {Index} had not finished {timeout.TotalSeconds:0} s after go: {_stderr.OneLine()}");
        }

        if (_process.ExitCode != 0 || _resultLine is null)
        {
            throw Failed();
        }

        return JsonSerializer.Deserialize(_resultLine, FleetJsonContext.Default.WorkerResult)
            ?? throw new InvalidOperationException($"worker {Index} printed an empty result.");
    }

    /// <summary>Kills the worker if it is still running.</summary>
    public void Dispose()
    {
        ChildProcess.Stop(_process);
    }

    private void OnOutput(string? line)
    {
        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line is not null && line.StartsWith('{'))
        {
            _resultLine = line;
        }
    }

    private InvalidOperationException Failed() => new(_process.HasExited
        ? $"worker {Index} exited with code {_process.ExitCode}: {_stderr.OneLine()}"
        : $"worker {Index} failed: {_stderr.OneLine()}");
}
