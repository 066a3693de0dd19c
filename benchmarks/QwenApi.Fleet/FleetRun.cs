using System.Globalization;
using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>
/// One mode in one scenario: a fresh limited simulator key (fresh windows), Redis when the mode needs it, N workers behind
/// a barrier, their results folded into one <see cref="FleetSummary"/>. Everything it starts is stopped when it returns or fails.
/// </summary>
internal static class FleetRun
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_exitMargin = TimeSpan.FromSeconds(60);

    public static async Task<FleetSummary> RunAsync(string mode, FleetScenario scenario, FleetArguments arguments, CancellationToken cancellationToken)
    {
        long received = 0;
        QwenSimulator? limited = null;
        int tokensPerMinute = FleetPlan.TokensPerMinute(arguments);
        QwenSimulatorOptions options = FleetPlan.SimulatorOptions(scenario, tokensPerMinute, _ =>
        {
            // Count every request the server receives; drop the simulator's record now and then (nothing here reads it).
            if (Interlocked.Increment(ref received) % 1000 == 0)
            {
                limited?.ClearRequests();
            }
        });
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(options, cancellationToken);
        limited = simulator;
        await using QwenSimulator warmup = await QwenSimulator.StartAsync(
            new QwenSimulatorOptions { ApiKey = FleetPlan.Key, AnswerFactory = _ => FleetPlan.Answer }, cancellationToken);

        RedisHost? redis = null;
        var workers = new List<WorkerProcess>();
        using var runOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task outage = Task.CompletedTask;
        try
        {
            if (mode == FleetModes.Redis)
            {
                redis = await RedisHost.StartAsync(arguments.RedisServer, cancellationToken);
            }

            for (var i = 0; i < arguments.Workers; i++)
            {
                workers.Add(WorkerProcess.Start(i, WorkerArguments(i, mode, scenario, tokensPerMinute, simulator.Endpoint, warmup.Endpoint, redis, arguments)));
            }

            await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync(s_readyTimeout, cancellationToken)));
            foreach (WorkerProcess worker in workers)
            {
                worker.Go();
            }

            if (scenario.RedisOutage && redis is not null)
            {
                outage = OutageAsync(redis, TimeSpan.FromSeconds(arguments.Seconds), runOver.Token);
            }

            TimeSpan timeout = TimeSpan.FromSeconds(arguments.Seconds + arguments.DrainSeconds) + s_exitMargin;
            WorkerResult[] results = await Task.WhenAll(workers.Select(w => w.WaitForResultAsync(timeout, cancellationToken)));
            await runOver.CancelAsync();
            await outage;
            return new FleetSummary(mode, scenario, redis?.Description ?? "none", tokensPerMinute, arguments, results, Interlocked.Read(ref received));
        }
        finally
        {
            await runOver.CancelAsync();
            foreach (WorkerProcess worker in workers)
            {
                worker.Dispose();
            }

            // Wait for a restart in progress before stopping the server it starts.
            await outage.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            redis?.Dispose();
        }
    }

    /// <summary>Kills Redis at 1/3 of the run and starts it again, empty, on the same port at 2/3.</summary>
    private static async Task OutageAsync(RedisHost redis, TimeSpan run, CancellationToken runOver)
    {
        try
        {
            await Task.Delay(run / 3, runOver);
            redis.Stop();
            await Console.Error.WriteLineAsync($"  redis-outage: {redis.Description} stopped at {run.TotalSeconds / 3:0.#} s");
            await Task.Delay(run / 3, runOver);
            await redis.StartAsync(runOver);
            await Console.Error.WriteLineAsync($"  redis-outage: {redis.Description} restarted empty at {2 * run.TotalSeconds / 3:0.#} s");
        }
        catch (OperationCanceledException) when (runOver.IsCancellationRequested)
        {
            // The run ended first (or was cancelled): nothing left to do.
        }
    }

    private static List<string> WorkerArguments(
        int index, string mode, FleetScenario scenario, int tokensPerMinute, Uri endpoint, Uri warmup, RedisHost? redis, FleetArguments arguments)
    {
        List<string> list =
        [
            "--worker", "--index", Text(index), "--mode", mode, "--endpoint", endpoint.ToString(), "--warmup", warmup.ToString(),
            "--key", FleetPlan.Key, "--callers", Text(arguments.Callers), "--seconds", Text(arguments.Seconds),
            "--drain", Text(arguments.DrainSeconds), "--rpm", Text(FleetPlan.RequestsPerMinute),
            "--tpm", Text(tokensPerMinute), "--max-tokens", Text(scenario.MaxOutputTokens),
            "--accounting", scenario.ClientAccounting(arguments.Accounting) == QwenApi.Extensions.AI.QwenTokenAccounting.Usage ? "usage" : "admission",
        ];
        if (redis is not null)
        {
            list.AddRange(["--redis", redis.Configuration]);
        }

        return list;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
