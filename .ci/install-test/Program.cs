// The install test's app: .ci/checks copies this file into a fresh console project that references the packed
// QwenApi.* packages from a local folder, builds it and runs it with the simulator host's endpoint.
// Exit code: 0 when every answer is right, 1 otherwise.
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Extensions.AI;
using QwenApi.SemanticKernel;
using QwenApi.Testing;
using StackExchange.Redis;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: InstallTest <simulator host endpoint>");
    return 2;
}

// 1. QwenApi.Extensions.AI against the simulator host in another process.
using (IChatClient client = NewClient(new Uri(args[0]), "sim-key"))
{
    ChatResponse response = await client.GetResponseAsync("Hello from a package");
    if (!Check("QwenChatClient -> simulator host", "Simulated answer to: Hello from a package", response.Text))
    {
        return 1;
    }
}

// 2. QwenApi.SemanticKernel against the same host.
IChatCompletionService completion = new QwenChatCompletionService(Options(new Uri(args[0]), "sim-key"));
ChatMessageContent reply = await completion.GetChatMessageContentAsync("Hello from Semantic Kernel");
if (!Check("Semantic Kernel -> simulator host", "Simulated answer to: Hello from Semantic Kernel", reply.Content ?? string.Empty))
{
    return 1;
}

// 3. QwenApi.Testing in this process (it brings Kestrel through its framework reference).
await using (QwenSimulator simulator = await QwenSimulator.StartAsync())
{
    simulator.Enqueue(SimulatorResponse.Answer("Scripted from the QwenApi.Testing package"));
    using IChatClient client = NewClient(simulator.Endpoint, simulator.ApiKey);
    ChatResponse response = await client.GetResponseAsync("Anything");
    if (!Check("QwenChatClient -> in-process QwenSimulator", "Scripted from the QwenApi.Testing package", response.Text))
    {
        return 1;
    }
}

// 4. QwenApi.Extensions.AI.Redis with its Redis unreachable: the call goes on under local governance.
var unreachable = ConfigurationOptions.Parse("127.0.0.1:1");
unreachable.AbortOnConnectFail = false;
unreachable.BacklogPolicy = BacklogPolicy.FailFast;
unreachable.ConnectTimeout = 500;
using (ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(unreachable))
using (IChatClient client = new QwenChatClient(Options(new Uri(args[0]), "sim-key").UseRedisRateLimiting(redis, limits => limits.RequestsPerMinute = 10)))
{
    ChatResponse response = await client.GetResponseAsync("Hello without Redis");
    if (!Check("QwenChatClient with Redis limits, Redis down -> simulator host", "Simulated answer to: Hello without Redis", response.Text))
    {
        return 1;
    }
}

Console.WriteLine("install-test: all checks passed");
return 0;

static QwenChatClient NewClient(Uri endpoint, string apiKey) => new(Options(endpoint, apiKey));

static QwenClientOptions Options(Uri endpoint, string apiKey) => new()
{
    ApiKey = apiKey,
    Endpoint = endpoint,
    AllowInsecureHttp = true,
    ModelId = QwenModels.QwenPlus,
    MaxRetries = 0,
};

static bool Check(string what, string expected, string actual)
{
    bool ok = expected == actual;
    Console.WriteLine(ok ? $"install-test: {what} ok" : $"install-test: {what} FAILED: expected '{expected}', got '{actual}'");
    return ok;
}
