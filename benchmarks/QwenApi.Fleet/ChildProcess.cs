using System.Diagnostics;

namespace QwenApi.Fleet;

/// <summary>Ending a process this benchmark started: every child is stopped the same way, whatever it is.</summary>
internal static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> and its children if still running, waits up to 5 s for it, and disposes it.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                _ = process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        process.Dispose();
    }
}
