namespace QwenApi.Extensions.AI;

/// <summary>Values the client reads from response headers other than <c>Retry-After</c>.</summary>
internal static class ResponseHeaders
{
    /// <summary>Reads the header-provided request id, if any; an empty header counts as none, so the body's <c>request_id</c> is used.</summary>
    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out IEnumerable<string>? ids) && ids.FirstOrDefault() is { } id && !string.IsNullOrWhiteSpace(id)
            ? id.Trim()
            : null;
}
