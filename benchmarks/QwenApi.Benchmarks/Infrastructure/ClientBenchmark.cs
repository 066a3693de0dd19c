using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// Starts the payload server and the three clients for one payload. Each scenario has the same three benchmarks:
/// <c>OpenAI</c> (the baseline of the Ratio columns), <c>Qwen</c> and <c>Floor</c>.
/// </summary>
public abstract class ClientBenchmark
{
    private ServerProcess? _server;

    protected IChatClient QwenClient { get; private set; } = null!;

    protected IChatClient OpenAIClient { get; private set; } = null!;

    protected FloorClient FloorClient { get; private set; } = null!;

    /// <summary>Gets the server payload name, for example <c>text-20000</c>.</summary>
    protected abstract string Payload { get; }

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerProcess.Start();
        Uri endpoint = _server.Endpoint(Payload);
        QwenClient = Clients.Qwen(endpoint);
        OpenAIClient = Clients.OpenAI(endpoint);
        FloorClient = new FloorClient(endpoint);
        Verify();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        QwenClient?.Dispose();
        OpenAIClient?.Dispose();
        FloorClient?.Dispose();
        _server?.Dispose();
        _server = null;
    }

    /// <summary>Checks once, outside the measurement, that the Qwen client's answer is complete and correct.</summary>
    protected virtual void Verify() => Verification.Stream(QwenClient);
}
