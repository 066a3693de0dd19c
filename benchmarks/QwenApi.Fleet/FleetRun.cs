using System.Globalization;
using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>
/// One mode: a fresh limited simulator key (fresh windows), Redis when the mode needs it, N workers behind a barrier,
/// their results folded into one <see cref="FleetSummary"/>. Everything it starts is stopped when it returns or fails.
/// </summary>
internal static class FleetRun
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_exitMargin = TimeSpan.FromSeconds(60);

    public static async Task<FleetSummary> RunAsync(string mode, FleetArguments arguments, string? redisExecutable, CancellationToken cancellationToken)
    {
        long received = 0;
        QwenSimulator? limited = null;
        QwenSimulatorOptions options = FleetPlan.SimulatorOptions(_ =>
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

        RedisServerProcess? redis = null;
        var workers = new List<WorkerProcess>();
        try
        {
            if (mode == FleetModes.Redis)
            {
                redis = await RedisServerProcess.StartAsync(redisExecutable ?? throw new InvalidOperationException("redis-server not found."), cancellationToken);
            }

            for (var i = 0; i < arguments.Workers; i++)
            {
                workers.Add(WorkerProcess.Start(i, WorkerArguments(i, mode, simulator.Endpoint, warmup.Endpoint, redis, arguments)));
            }

            await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync(s_readyTimeout, cancellationToken)));
            foreach (WorkerProcess worker in workers)
            {
                worker.Go();
            }

            TimeSpan timeout = TimeSpan.FromSeconds(arguments.Seconds + arguments.DrainSeconds) + s_exitMargin;
            WorkerResult[] results = await Task.WhenAll(workers.Select(w => w.WaitForResultAsync(timeout, cancellationToken)));
            return new FleetSummary(mode, arguments, results, Interlocked.Read(ref received));
        }
        finally
        {
            foreach (WorkerProcess worker in workers)
            {
                worker.Dispose();
            }

            redis?.Dispose();
        }
    }

    private static List<string> WorkerArguments(int index, string mode, Uri endpoint, Uri warmup, RedisServerProcess? redis, FleetArguments arguments)
    {
        List<string> list =
        [
            "--worker", "--index", Text(index), "--mode", mode, "--endpoint", endpoint.ToString(), "--warmup", warmup.ToString(),
            "--key", FleetPlan.Key, "--callers", Text(arguments.Callers), "--seconds", Text(arguments.Seconds),
            "--drain", Text(arguments.DrainSeconds), "--rpm", Text(FleetPlan.RequestsPerMinute),
            "--tpm", Text(FleetPlan.TokensPerMinute), "--max-tokens", Text(FleetPlan.MaxTokens),
        ];
        if (redis is not null)
        {
            list.AddRange(["--redis", redis.Configuration]);
        }

        return list;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
