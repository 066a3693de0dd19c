namespace QwenApi.Extensions.AI;

/// <summary>The HTTP handler the client builds for itself, and the primary handler of the named client registered in DI.</summary>
internal static class QwenHttpHandler
{
    /// <summary>
    /// Creates the handler. It never follows redirects (a redirect to another host must not receive the key) and recycles
    /// pooled connections so that a long-lived singleton still sees DNS changes. It does not ask for compressed responses:
    /// SSE streams are sent uncompressed anyway, a unary answer is small, and the decompression layer costs CPU and
    /// allocation on every call (docs/benchmarks.md, round 3). A caller
    /// who wants compression passes an <see cref="HttpClient"/> whose handler sets <c>AutomaticDecompression</c>.
    /// </summary>
    public static SocketsHttpHandler Create() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };
}
