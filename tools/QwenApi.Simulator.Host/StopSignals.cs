using System.Runtime.InteropServices;

namespace QwenApi.Simulator.Host;

/// <summary>Completes when the process should stop: SIGINT (Ctrl+C), SIGTERM, or standard input closing.</summary>
internal sealed class StopSignals : IDisposable
{
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals(bool watchStdin)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        // A process started in the background of a script (or by CI) gets /dev/null or no stdin at all: that
        // "closes" at once, so it cannot be the stop signal there.
        if (watchStdin && !StdinIsNullDevice())
        {
            _ = Task.Run(WaitForStdinToClose);
        }
    }

    public Task Stopped => _stop.Task;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = _stop.TrySetResult();
    }

    private void WaitForStdinToClose()
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[512];
            while (stdin.Read(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        _ = _stop.TrySetResult();
    }

    private static bool StdinIsNullDevice()
    {
        const string Descriptor = "/proc/self/fd/0";
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return !File.Exists(Descriptor) || File.ResolveLinkTarget(Descriptor, returnFinalTarget: false)?.FullName == "/dev/null";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
