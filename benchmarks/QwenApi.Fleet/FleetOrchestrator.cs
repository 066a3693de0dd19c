using System.Runtime.InteropServices;

namespace QwenApi.Fleet;

/// <summary>Runs the asked modes one after another, one line each; Ctrl+C or SIGTERM stops the run and everything it started.</summary>
internal static class FleetOrchestrator
{
    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the run through its finally blocks (workers and redis-server killed); a second one is not held.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await RunModesAsync(arguments, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunModesAsync(FleetArguments arguments, CancellationToken cancellationToken)
    {
        Console.WriteLine(FleetPlan.Describe(arguments));
        string? redis = RedisServerProcess.FindExecutable();
        var failed = false;
        foreach (string mode in arguments.Mode is { } only ? [only] : FleetModes.All)
        {
            if (mode == FleetModes.Redis && redis is null)
            {
                string why = "redis-server not found on PATH; install it with: apt-get install -y redis-server";
                Console.WriteLine(arguments.Mode is null ? $"fleet mode=redis skipped: {why}" : $"fleet mode=redis failed: {why}");
                failed |= arguments.Mode is not null;
                continue;
            }

            try
            {
                FleetSummary summary = await FleetRun.RunAsync(mode, arguments, redis, cancellationToken);
                Console.WriteLine(summary.Line());
                await Console.Error.WriteLineAsync(summary.Details());
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C reaches the workers too (same process group), so a worker that died of it is not a failure.
                Console.WriteLine($"fleet mode={mode} cancelled: the workers (and redis-server) it started were stopped");
                return 130;
            }
            catch (Exception ex)
            {
                Console.WriteLine($"fleet mode={mode} failed: {ex.Message}");
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }
}
