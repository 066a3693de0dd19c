using System.Net;

namespace QwenApi.Fleet;

/// <summary>
/// Sits under a client's retry loop (the last handler before the socket), so it sees every attempt the server receives
/// and every 429 it answers, retries inside the client included.
/// </summary>
internal sealed class CountingHandler(HttpCounts counts) : DelegatingHandler(new SocketsHttpHandler
{
    // The same settings QwenChatClient gives the handler it builds for itself (QwenHttpHandler, internal).
    AllowAutoRedirect = false,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    ConnectTimeout = TimeSpan.FromSeconds(30),
})
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counts.CountSent();
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            counts.CountTooManyRequests();
        }

        return response;
    }
}
