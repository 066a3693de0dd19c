using System.Net;
using System.Net.Http.Headers;
using QwenApi.Benchmarks.Server;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// <see cref="InMemoryHandler"/> for embeddings: answers with the float list, or its base64 twin when the request asks for
/// <c>encoding_format: "base64"</c>, as the loopback server does. The first request decides (one handler per client, and
/// a client always asks for the same encoding), so later requests are not charged for reading the request body.
/// </summary>
internal sealed class EmbeddingsInMemoryHandler(Payload floats, Payload base64) : HttpMessageHandler
{
    private Payload? _chosen;

    public bool ServesBase64 => ReferenceEquals(_chosen, base64);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_chosen is null)
        {
            byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            _chosen = body.AsSpan().IndexOf("\"base64\""u8) >= 0 ? base64 : floats;
        }

        var content = new StreamContent(new MemoryStream(_chosen.Bytes, writable: false));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(_chosen.ContentType);
        content.Headers.ContentLength = _chosen.Bytes.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
