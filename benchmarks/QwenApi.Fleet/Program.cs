// Fleet benchmark: N worker processes of this executable share one rate-limited simulator key.
//   dotnet run -c Release --project benchmarks/QwenApi.Fleet -- [--workers N] [--seconds S] [--mode off|local|redis|openai] [--callers C] [--drain D]
// Defaults: 8 workers, 60 s, 4 callers per worker, every mode in turn, 30 s for in-flight calls to finish after S.
// Prints the plan, then one line per mode: fleet mode=M workers=N requests=R goodput_pct=G r429_per_1000=X p50_ms=A p99_ms=B share_spread_pct=S
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
