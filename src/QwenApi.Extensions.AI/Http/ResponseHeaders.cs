namespace QwenApi.Extensions.AI;

/// <summary>Values the client reads from response headers other than <c>Retry-After</c>.</summary>
internal static class ResponseHeaders
{
    /// <summary>Reads the header-provided request id, if any; an empty header counts as none, so the body's <c>request_id</c> is used.</summary>
    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out IEnumerable<string>? ids) && ids.FirstOrDefault() is { } id && !string.IsNullOrWhiteSpace(id)
            ? id.Trim()
            : null;

    /// <summary>
    /// The content coding still applied to the body, if any. A handler that decompresses removes the coding it undid from
    /// <c>Content-Encoding</c>, so whatever is left (<c>identity</c> aside) is a body nobody here can read.
    /// </summary>
    public static string? UndecodedEncoding(HttpResponseMessage response)
    {
        ICollection<string> encodings = response.Content.Headers.ContentEncoding;
        foreach (string encoding in encodings)
        {
            if (!string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(", ", encodings);
            }
        }

        return null;
    }
}
