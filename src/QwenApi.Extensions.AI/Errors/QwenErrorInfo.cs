using System.Net;

namespace QwenApi.Extensions.AI;

/// <summary>What is known of one failure, gathered before the typed exception is chosen.</summary>
internal sealed class QwenErrorInfo
{
    public required string Message { get; init; }

    public HttpStatusCode? StatusCode { get; init; }

    public HttpRequestError HttpRequestError { get; init; } = HttpRequestError.Unknown;

    public string? Type { get; init; }

    public string? Code { get; init; }

    public string? Param { get; init; }

    public string? RequestId { get; init; }

    public string? Snippet { get; init; }

    public TimeSpan? RetryAfter { get; init; }
}
