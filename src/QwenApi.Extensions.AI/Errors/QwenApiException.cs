using System.Net;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The base of every error the Qwen client reports: an HTTP error status, an error event inside a stream, a connection
/// failure, an interrupted stream or a timeout. It derives from <see cref="HttpRequestException"/>, so code that already
/// catches that type (and reads <see cref="HttpRequestException.StatusCode"/>) keeps working.
/// </summary>
/// <remarks>
/// Catch a derived type to act on a failure: <see cref="QwenAuthenticationException"/> (fix the key),
/// <see cref="QwenInsufficientCreditsException"/> (top up), <see cref="QwenRateLimitException"/> (wait
/// <see cref="QwenRateLimitException.RetryAfter"/>), <see cref="QwenBadRequestException"/> (fix the request),
/// <see cref="QwenServerException"/>, <see cref="QwenStreamInterruptedException"/> and <see cref="QwenTimeoutException"/>.
/// The API key, request headers and more than a short sanitised slice of a response body never appear in it.
/// </remarks>
public class QwenApiException : HttpRequestException
{
    /// <summary>Initializes a new instance of the <see cref="QwenApiException"/> class.</summary>
    public QwenApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenApiException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenApiException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenApiException"/> class with a message and the exception that caused it.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenApiException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenApiException"/> class with the details of a failed call.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no response was received or the error arrived inside a 200 stream.</param>
    /// <param name="errorType">The provider's error <c>type</c>.</param>
    /// <param name="errorCode">The provider's error <c>code</c>, for example <c>invalid_api_key</c>.</param>
    /// <param name="errorParam">The provider's error <c>param</c>.</param>
    /// <param name="requestId">The request id (<c>x-request-id</c> header or <c>request_id</c> in the body).</param>
    /// <param name="innerException">The cause.</param>
    public QwenApiException(string? message, HttpStatusCode? statusCode, string? errorType, string? errorCode, string? errorParam, string? requestId, Exception? innerException = null)
        : base(HttpRequestError.Unknown, message, innerException, statusCode)
    {
        ErrorType = errorType;
        ErrorCode = errorCode;
        ErrorParam = errorParam;
        RequestId = requestId;
    }

    internal QwenApiException(QwenErrorInfo info, Exception? innerException = null)
        : base(info.HttpRequestError, info.Message, innerException, info.StatusCode)
    {
        ErrorType = info.Type;
        ErrorCode = info.Code;
        ErrorParam = info.Param;
        RequestId = info.RequestId;
        ResponseSnippet = info.Snippet;
        ServerRetryAfter = info.RetryAfter;
    }

    /// <summary>Gets the provider's error <c>type</c>, when it sent one.</summary>
    public string? ErrorType { get; }

    /// <summary>Gets the provider's error <c>code</c> (for example <c>invalid_api_key</c>, <c>data_inspection_failed</c>, <c>Arrearage</c>), when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the provider's error <c>param</c> (the request field at fault), when it sent one.</summary>
    public string? ErrorParam { get; }

    /// <summary>Gets the request id to quote to support, from the <c>x-request-id</c> header or the body's <c>request_id</c>.</summary>
    public string? RequestId { get; }

    /// <summary>Gets a short, sanitised slice of a response body that was not a recognised error document (for example a gateway's HTML page).</summary>
    public string? ResponseSnippet { get; }

    /// <summary>Gets the number of HTTP attempts made for the call, retries included (0 when none was sent).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Gets or sets a value indicating whether retrying could succeed and nothing reached the caller yet; decided where the failure is seen.</summary>
    internal bool IsTransient { get; set; }

    /// <summary>Gets how long the server asked to wait (<c>Retry-After</c> or <c>retry-after-ms</c>, on any status), honoured by the retry policy.</summary>
    internal TimeSpan? ServerRetryAfter { get; }

    /// <summary>
    /// Gets the message; for a call that sent several requests (a <see cref="QwenEmbeddingGenerator"/> batch), it ends by
    /// naming the part of the call that failed, for example <c>(embeddings inputs 10–19 of 25)</c>.
    /// </summary>
    public override string Message => Context is null ? CoreMessage : CoreMessage + " (" + Context + ")";

    /// <summary>Gets the message without <see cref="Context"/>: what a derived type adds goes before the context.</summary>
    internal virtual string CoreMessage => base.Message;

    /// <summary>Gets or sets which part of a multi-request call failed, appended to <see cref="Message"/>.</summary>
    internal string? Context { get; set; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(base.ToString());
        if (RequestId is not null)
        {
            text.Append(Environment.NewLine).Append("Request id: ").Append(RequestId);
        }

        text.Append(Environment.NewLine).Append("Attempts: ").Append(Attempts);
        return text.ToString();
    }
}
