using System.Globalization;
using System.Net;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>Turns a failed response or an in-band error into the typed exception a caller can act on.</summary>
internal sealed class QwenExceptionFactory
{
    private readonly string _apiKey;

    public QwenExceptionFactory(string apiKey) => _apiKey = apiKey;

    public QwenApiException FromResponse(HttpStatusCode status, ReadOnlySpan<byte> body, string? headerRequestId, TimeSpan? retryAfter)
    {
        ErrorBodyParser.ParsedError parsed = ErrorBodyParser.Parse(body);
        return Create(status, parsed, headerRequestId, retryAfter);
    }

    /// <summary>
    /// An <c>{"error":…}</c> document inside a 200 response (an SSE event, or a unary body). It is retried only when
    /// nothing reached the caller yet and it is the kind of error that would be retried as an HTTP status: a server error
    /// (no more specific code) or a rate limit. Content-filter, invalid-request, key and billing errors are deterministic
    /// for the same request, so retrying them would only spend quota and time.
    /// </summary>
    public QwenApiException FromInBandError(ErrorBodyParser.ParsedError parsed, string? headerRequestId, bool nothingYielded)
    {
        QwenApiException error = Create(null, parsed, headerRequestId, retryAfter: null);
        // Before any output, retry what another attempt can fix: server and rate-limit errors, and a content-filter
        // verdict, which Qwen gives on sampled output (data_inspection_failed mid-answer) and so can differ next time.
        // Key, billing and invalid-request errors would fail identically: they end the call at once.
        error.IsTransient = nothingYielded
            && (error is QwenServerException or QwenRateLimitException || error is QwenBadRequestException { IsContentFiltered: true });
        return error;
    }

    public QwenApiException Create(HttpStatusCode? status, ErrorBodyParser.ParsedError parsed, string? headerRequestId, TimeSpan? retryAfter)
    {
        string? requestId = Redact(headerRequestId ?? parsed.RequestId);
        string? code = Redact(parsed.Code);
        var info = new QwenErrorInfo
        {
            StatusCode = status,
            Type = Redact(parsed.Type),
            Code = code,
            Param = Redact(parsed.Param),
            RequestId = requestId,
            Snippet = Redact(parsed.Snippet),
            RetryAfter = retryAfter,
            Message = BuildMessage(status, parsed, requestId, retryAfter),
        };

        int numeric = status is null ? 0 : (int)status.Value;
        if (QwenErrorCodes.IsBilling(code) || numeric == 402)
        {
            return new QwenInsufficientCreditsException(info);
        }

        if (numeric is 401 or 403 || (status is null && QwenErrorCodes.IsAuthentication(code)))
        {
            return new QwenAuthenticationException(info);
        }

        if (numeric == 429 || (status is null && QwenErrorCodes.IsRateLimit(code)))
        {
            return new QwenRateLimitException(info);
        }

        // 408 is the server giving up waiting (a transient condition, retried), not a request to fix: typed as a server error.
        if ((numeric is >= 400 and < 500 && numeric != 408)
            || (status is null && (QwenErrorCodes.IsContentFilter(code) || QwenErrorCodes.IsContentFilter(parsed.Type) || QwenErrorCodes.IsInvalidRequest(code, parsed.Type))))
        {
            return new QwenBadRequestException(info);
        }

        if (numeric >= 500 || numeric == 408 || status is null)
        {
            return new QwenServerException(info);
        }

        return new QwenApiException(info);
    }

    private string BuildMessage(HttpStatusCode? status, ErrorBodyParser.ParsedError parsed, string? requestId, TimeSpan? retryAfter)
    {
        var text = new StringBuilder();
        if (status is { } s)
        {
            text.Append(CultureInfo.InvariantCulture, $"Qwen API returned HTTP {(int)s} ({s})");
        }
        else
        {
            text.Append("Qwen API reported an error inside the stream");
        }

        if (parsed.Code is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{parsed.Code}]");
        }

        text.Append(": ");
        text.Append(parsed.Message ?? Hint(status) ?? "no error message was returned");
        if (!parsed.Recognized && parsed.Snippet is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Body starts with: \"{parsed.Snippet}\"");
        }

        if (retryAfter is { } wait)
        {
            text.Append(CultureInfo.InvariantCulture, $" Retry after {wait.TotalSeconds:0.###} s.");
        }

        if (requestId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (request id {requestId})");
        }

        return Redact(text.ToString())!;
    }

    private static string? Hint(HttpStatusCode? status) => (int?)status switch
    {
        401 => "the API key was rejected; check QwenClientOptions.ApiKey.",
        402 => "insufficient credits; top up your account.",
        403 => "access denied.",
        404 => "not found; check the model id and the endpoint.",
        429 => "rate limit exceeded.",
        >= 500 => "the server failed.",
        _ => null,
    };

    /// <summary>Removes the key wherever a server echoed it back.</summary>
    public string? Redact(string? text) =>
        text is null || _apiKey.Length == 0 || !text.Contains(_apiKey, StringComparison.Ordinal)
            ? text
            : text.Replace(_apiKey, "***", StringComparison.Ordinal);
}
