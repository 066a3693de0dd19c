// Fleet benchmark: N worker processes of this executable share one rate-limited simulator key.
//   dotnet run -c Release --project benchmarks/QwenApi.Fleet -- [--workers N] [--callers C] [--seconds S] [--drain D]
//     [--mode off|local|redis|openai] [--scenario NAME] [--tpm N | --over-demand X] [--redis-server auto|redis-server|garnet]
// Defaults (a development run): 2 workers × 2 callers, 10 s, 5 s drain, every scenario × every mode, TPM for 3× over-demand.
// The target run: --workers 8 --callers 4 --seconds 150 --drain 30 (README.md).
// Prints the plan, then one line per scenario and mode: fleet mode=M scenario=S server="…" workers=N requests=R failed=F
// goodput_pct=G plan_used_pct=U r429_per_1000=X p50_ms=A p99_ms=B share_spread_pct=S [p50_over_off_ms=D]
// (and the counts behind it on stderr). A worker is started as: QwenApi.Fleet --worker --index I --mode M --endpoint URL ...
using QwenApi.Fleet;

FleetArguments arguments;
try
{
    arguments = FleetArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (!arguments.IsWorker)
{
    return await FleetOrchestrator.RunAsync(arguments);
}

try
{
    return await Worker.RunAsync(arguments);
}
catch (Exception ex)
{
    // One line for the orchestrator to pass on, not a stack dump.
    await Console.Error.WriteLineAsync($"{ex.GetType().Name}: {ex.Message}");
    return 1;
}
