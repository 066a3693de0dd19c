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
        if (ControlEndpoint.Matches(http.Request))
        {
            await ControlEndpoint.HandleAsync(http, simulator).ConfigureAwait(false);
            return;
        }

        var sequence = simulator.Recorder.NextSequence();
        http.Response.Headers["x-request-id"] = $"sim-req-{sequence}";
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, simulator.Shutdown);
        try
        {
            var body = await ReadBodyAsync(http.Request, aborted.Token).ConfigureAwait(false);
            var json = TryParse(body);
            var info = ChatRequestReader.Read(json);
            var request = new SimulatorRequest(sequence, http.Request.Method, http.Request.Path.Value ?? "/", ReadHeaders(http.Request), body, json, info.LastUserText);

            // Take the script before recording: a test that saw this request recorded (WaitForRequestAsync) and then
            // sends the next one must not have that one take this request's script.
            var scripted = simulator.Script.TryDequeue(MarkerText(request, info));
            simulator.Recorder.Add(request);
            simulator.Options.RequestReceived?.Invoke(request);

            var exchange = new SimulatorExchange(http, request, info, simulator, aborted.Token);
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
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            // Typically an AnswerFactory or ReasoningFactory that threw: say so, since the simulator logs nothing.
            http.Response.Clear();
            http.Response.Headers["x-request-id"] = $"sim-req-{sequence}";
            var error = new RequestError(500, "internal_error", "simulator_error", $"The simulator failed: {ex.GetType().Name}: {ex.Message}");
            var body = JsonBytes.Error(error, $"sim-req-{sequence}");
            http.Response.StatusCode = error.StatusCode;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(body, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Markers match the last user message of a chat request, and the inputs of an embeddings request (one per line), so a
    // test can script the batch that carries a given text.
    private static string? MarkerText(SimulatorRequest request, ChatRequestInfo info) =>
        request.Path.Equals(EmbeddingResponder.EmbeddingsPath, StringComparison.OrdinalIgnoreCase)
            ? string.Join('\n', EmbeddingRequestReader.Read(request.Json).Inputs)
            : info.LastUserText;

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
