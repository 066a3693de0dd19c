using System.Net;
using System.Net.Http.Headers;
using QwenApi.Benchmarks.Server;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// Answers every request with one pre-built payload from memory: no socket, no server, no other thread. What remains is
/// each client's own work (request building, HTTP object model, SSE and JSON parsing, the objects it hands out), which is
/// how the per-chunk and per-call costs in docs/benchmarks.md were separated from the network's.
/// </summary>
internal sealed class InMemoryHandler(Payload payload) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(new MemoryStream(payload.Bytes, writable: false));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(payload.ContentType);
        content.Headers.ContentLength = payload.Bytes.Length;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
