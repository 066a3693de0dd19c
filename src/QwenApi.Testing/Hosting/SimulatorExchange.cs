using Microsoft.AspNetCore.Http;

namespace QwenApi.Testing;

/// <summary>One request being answered: the HTTP context, what was recorded and the token that ends waits.</summary>
internal sealed class SimulatorExchange(
    HttpContext http,
    SimulatorRequest request,
    ChatRequestInfo info,
    SimulatorContext simulator,
    CancellationToken aborted)
{
    public HttpContext Http { get; } = http;

    public SimulatorRequest Request { get; } = request;

    public ChatRequestInfo Info { get; } = info;

    public SimulatorContext Simulator { get; } = simulator;

    /// <summary>Gets a token cancelled when the client disconnects or the simulator is disposed.</summary>
    public CancellationToken Aborted { get; } = aborted;

    public string RequestId => $"sim-req-{Request.Sequence}";

    /// <summary>Plans the answer for this request: the default behaviour, or the scripted answer or tool calls.</summary>
    public CompletionPlan Plan(SimulatorResponse? scripted = null) =>
        CompletionPlanner.Plan(Info, Request, Simulator.Options, scripted);
}
