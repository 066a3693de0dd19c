// NativeAOT smoke test for QwenApi.Extensions.AI.
// Usage: QwenApi.AotSmokeTest <endpoint, e.g. http://127.0.0.1:5000/v1> [api key, default sim-key]
// The simulator host (tools/QwenApi.Simulator.Host) runs in another process; .ci/checks starts it.
// Exit code: 0 all answers right, 1 a wrong answer or an error, 2 bad usage.
using QwenApi.AotSmokeTest;

if (args.Length is < 1 or > 2 || !Uri.TryCreate(args[0], UriKind.Absolute, out Uri? endpoint))
{
    Console.Error.WriteLine("usage: QwenApi.AotSmokeTest <endpoint> [api key]");
    return 2;
}

var options = new QwenClientOptions
{
    ApiKey = args.Length > 1 ? args[1] : "sim-key",
    Endpoint = endpoint,
    AllowInsecureHttp = true,
    ModelId = QwenModels.QwenPlus,
    MaxRetries = 0,
};

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
using IChatClient client = new QwenChatClient(options);
(string Name, Func<IChatClient, CancellationToken, Task> Run)[] checks =
[
    ("unary", SmokeChecks.UnaryAsync),
    ("streaming", SmokeChecks.StreamingAsync),
    ("tool round trip", SmokeChecks.ToolRoundTripAsync),
];

foreach ((string name, Func<IChatClient, CancellationToken, Task> run) in checks)
{
    try
    {
        await run(client, timeout.Token);
        Console.WriteLine($"aot-smoke: {name} ok");
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine($"aot-smoke: {name} FAILED: {ex.GetType().Name}: {ex.Message}");
        return 1;
    }
}

Console.WriteLine("aot-smoke: all checks passed");
return 0;
