using Microsoft.AspNetCore.Http;

namespace QwenApi.Testing;

/// <summary>
/// <c>/_simulator/requests</c>: <c>GET</c> returns the recorded requests as a JSON array of
/// <see cref="SimulatorRequest.ToJson"/> objects, <c>DELETE</c> forgets them (204). For tests in any language that run
/// the simulator host as a separate process. Control requests are neither recorded nor served scripted responses.
/// </summary>
internal static class ControlEndpoint
{
    public const string Prefix = "/_simulator/";

    private const string RequestsPath = "/_simulator/requests";

    public static bool Matches(HttpRequest request) =>
        request.Path.Value?.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) == true;

    public static async Task HandleAsync(HttpContext http, SimulatorContext simulator)
    {
        var request = http.Request;
        var response = http.Response;
        if (!string.Equals(request.Path.Value, RequestsPath, StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(response, 404, JsonBytes.Error(RequestError.NotFound(request.Path.Value ?? Prefix), "sim-control")).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            var requests = simulator.Recorder.Snapshot();
            await WriteAsync(response, 200, JsonBytes.Write(writer =>
            {
                writer.WriteStartArray();
                foreach (var recorded in requests)
                {
                    recorded.WriteTo(writer);
                }

                writer.WriteEndArray();
            })).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(request.Method))
        {
            simulator.Recorder.Clear();
            response.StatusCode = 204;
        }
        else
        {
            response.Headers.Allow = "GET, DELETE";
            await WriteAsync(response, 405, JsonBytes.Error(RequestError.MethodNotAllowed(request.Method), "sim-control")).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
