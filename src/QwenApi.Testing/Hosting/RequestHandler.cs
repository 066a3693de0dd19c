using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QwenApi.Testing;

/// <summary>
/// The simulator's only endpoint (every method and path): records the request, then serves the next scripted
/// response for it or the default behaviour.
/// </summary>
internal sealed class RequestHandler(SimulatorContext simulator)
{
    public async Task HandleAsync(HttpContext http)
    {
        var sequence = simulator.Recorder.NextSequence();
        http.Response.Headers["x-request-id"] = $"sim-req-{sequence}";
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, simulator.Shutdown);
        try
        {
            var body = await ReadBodyAsync(http.Request, aborted.Token).ConfigureAwait(false);
            var json = TryParse(body);
            var info = ChatRequestReader.Read(json);
            var request = new SimulatorRequest(sequence, http.Request.Method, http.Request.Path.Value ?? "/", ReadHeaders(http.Request), body, json, info.LastUserText);
            simulator.Recorder.Add(request);

            var exchange = new SimulatorExchange(http, request, info, simulator, aborted.Token);
            var scripted = simulator.Script.TryDequeue(request.LastUserMessage);
            await (scripted is null
                ? DefaultResponder.RespondAsync(exchange, headers: null)
                : ScriptedResponder.RespondAsync(exchange, scripted)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client went away or the simulator is stopping: end the connection rather than the response,
            // so a stalled client sees a transport error, not a clean end of stream.
            http.Abort();
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ReadHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        return headers;
    }
}
