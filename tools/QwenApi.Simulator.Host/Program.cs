using QwenApi.Simulator.Host;
using QwenApi.Testing;

HostArguments arguments;
List<ScriptEntry> script;
try
{
    arguments = HostArguments.Parse(args);
    script = arguments.ScriptPath is { } path && !arguments.ShowHelp ? ScriptFile.Load(path) : [];
}
catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync(ex.Message + "\n\n" + HostArguments.Usage);
    return 2;
}

if (arguments.ShowHelp)
{
    await Console.Out.WriteLineAsync(HostArguments.Usage);
    return 0;
}

using var signals = new StopSignals(watchStdin: !arguments.IgnoreStdin);
RequestLog? log = null;
QwenSimulator simulator;
try
{
    log = arguments.RecordPath is { } record ? new RequestLog(record) : null;
    simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions
    {
        Port = arguments.Port, ApiKey = arguments.ApiKey, RequestReceived = log is null ? null : log.Append,
        RequestsPerMinute = arguments.RequestsPerMinute, TokensPerMinute = arguments.TokensPerMinute,
        TimeToFirstToken = arguments.TimeToFirstToken, TokensPerSecond = arguments.TokensPerSecond,
        TokenAccounting = arguments.TokenAccounting, AdmissionMaxTokens = arguments.AdmissionMaxTokens,
        RateLimitWindow = arguments.RateLimitWindow, MaxRetryAfterHint = arguments.MaxRetryAfterHint,
        SendRetryAfter = arguments.SendRetryAfter, SendRateLimitHeaders = arguments.SendRateLimitHeaders,
        ShuffleEmbeddings = arguments.ShuffleEmbeddings,
        Base64Embeddings = arguments.Base64Embeddings,
    });
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    log?.Dispose();
    await Console.Error.WriteLineAsync(log is null && arguments.RecordPath is not null
        ? $"Cannot open --record file {arguments.RecordPath}: {ex.Message}"
        : $"Cannot listen on 127.0.0.1:{arguments.Port}: {ex.Message}");
    return 1;
}

using (log)
await using (simulator)
{
    foreach (var (when, response) in script)
    {
        if (when is null)
        {
            simulator.Enqueue(response);
        }
        else
        {
            simulator.Enqueue(when, response);
        }
    }

    // Exactly one line on stdout: other processes wait for it and read the endpoint from it.
    await Console.Out.WriteLineAsync($"Listening on {simulator.Endpoint}");
    await Console.Out.FlushAsync();
    await Console.Error.WriteLineAsync(
        $"API key: {simulator.ApiKey}. {script.Count} scripted response(s). Stop with Ctrl+C, SIGTERM or by closing standard input.");
    await signals.Stopped;
}

return 0;
