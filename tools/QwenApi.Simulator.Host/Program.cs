using QwenApi.Simulator.Host;
using QwenApi.Testing;

HostArguments arguments;
try
{
    arguments = HostArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message + "\n" + HostArguments.Usage);
    return 2;
}

if (arguments.ShowHelp)
{
    await Console.Error.WriteLineAsync(HostArguments.Usage);
    return 0;
}

using var signals = new StopSignals(watchStdin: !arguments.IgnoreStdin);
QwenSimulator simulator;
try
{
    simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Port = arguments.Port, ApiKey = arguments.ApiKey });
}
catch (IOException ex)
{
    await Console.Error.WriteLineAsync($"Cannot listen on 127.0.0.1:{arguments.Port}: {ex.Message}");
    return 1;
}

await using (simulator)
{
    // Exactly one line on stdout: other processes wait for it and read the endpoint from it.
    await Console.Out.WriteLineAsync($"Listening on {simulator.Endpoint}");
    await Console.Out.FlushAsync();
    await Console.Error.WriteLineAsync($"API key: {simulator.ApiKey}. Stop with Ctrl+C, SIGTERM or by closing standard input.");
    await signals.Stopped;
}

return 0;
