namespace QwenApi.Extensions.AI;

/// <summary>Names the timeout that ended a call.</summary>
public enum QwenTimeoutKind
{
    /// <summary><see cref="QwenClientOptions.OverallTimeout"/>: the whole call, retries included.</summary>
    Overall,

    /// <summary><see cref="QwenClientOptions.ResponseHeadersTimeout"/>: one attempt waited too long for response headers.</summary>
    ResponseHeaders,

    /// <summary><see cref="QwenClientOptions.StreamIdleTimeout"/>: the response went silent for too long.</summary>
    StreamIdle,

    /// <summary>The supplied <see cref="HttpClient.Timeout"/> fired; set it to <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> and rely on the client's own timeouts.</summary>
    HttpClient,
}
