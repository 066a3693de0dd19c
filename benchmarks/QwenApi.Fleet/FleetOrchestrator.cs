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
        var failed = false;
        foreach (FleetScenario scenario in arguments.Scenario is { } one ? [one] : FleetScenario.All)
        {
            // off runs first in every scenario: its p50 is the baseline the governed modes' latency is compared with.
            double? offP50 = null;
            foreach (string mode in (arguments.Mode is { } only ? [only] : FleetModes.All).Where(scenario.Runs))
            {
                try
                {
                    FleetSummary summary = await FleetRun.RunAsync(mode, scenario, arguments, cancellationToken);
                    offP50 = mode == FleetModes.Off ? summary.P50Ms : offP50;
                    Console.WriteLine(summary.Line(offP50));
                    await Console.Error.WriteLineAsync(summary.Details());
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C reaches the workers too (same process group), so a worker that died of it is not a failure.
                    Console.WriteLine($"fleet mode={mode} scenario={scenario.Name} cancelled: the workers (and Redis) it started were stopped");
                    return 130;
                }
                catch (Exception ex)
                {
                    Console.WriteLine($"fleet mode={mode} scenario={scenario.Name} failed: {ex.Message}");
                    failed = true;
                }
            }
        }

        return failed ? 1 : 0;
    }
}
