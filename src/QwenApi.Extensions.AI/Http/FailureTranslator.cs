using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Turns every raw failure of one endpoint's calls into what the caller sees: a typed <see cref="QwenApiException"/>, or
/// the caller's <see cref="OperationCanceledException"/>. It asks the call and attempt scopes which timer fired rather
/// than trusting the exception type, and logs the failure that ends a call.
/// </summary>
internal sealed class FailureTranslator(Uri requestUri, QwenExceptionFactory errors, ILogger logger)
{
    private readonly string _host = requestUri.Host;

    /// <summary>Final translation of a failure that ends the call, with logging and the attempt count.</summary>
    public Exception Fail(Exception error, CallScope call, AttemptScope? attempt, bool outputStarted)
    {
        Exception result = Translate(error, call, attempt, outputStarted);
        if (result is QwenApiException qwen)
        {
            qwen.Attempts = call.Attempts;
            Log.Failed(logger, call.Attempts, QwenRetryPolicy.Describe(qwen), (int?)qwen.StatusCode, qwen.ErrorCode, qwen.RequestId);
        }

        return result;
    }

    /// <summary>
    /// Maps a raw failure: the caller's cancellation stays an <see cref="OperationCanceledException"/> for the caller's
    /// token; a fired timeout becomes <see cref="QwenTimeoutException"/> naming it; a size limit
    /// <see cref="QwenResponseTooLargeException"/>; anything a parser, decoder or decompressor throws
    /// <see cref="QwenInvalidResponseException"/>; a connection failure <see cref="QwenServerException"/> (retryable
    /// before output; a stream reports one after output as interrupted, see <see cref="TranslateStreamFailure"/>).
    /// Exceptions thrown by strategies the user added with <see cref="QwenClientOptions.ConfigureResilience"/> pass unchanged.
    /// </summary>
    public Exception Translate(Exception error, CallScope call, AttemptScope? attempt, bool outputStarted)
    {
        if (error is QwenApiException)
        {
            return error;
        }

        if (call.CallerToken.IsCancellationRequested)
        {
            return error is OperationCanceledException oce && oce.CancellationToken == call.CallerToken
                ? error
                : new OperationCanceledException("The call was canceled by the caller.", error, call.CallerToken);
        }

        // A fired timer aborts the exchange, which can surface as an OperationCanceledException, an IOException or an
        // HttpRequestException depending on where the read was: ask the timers, not the exception type.
        if (call.OverallTimedOut && error is OperationCanceledException or IOException or HttpRequestException)
        {
            return TimedOut(QwenTimeoutKind.Overall, call.OverallTimeout, nameof(QwenClientOptions.OverallTimeout), "the whole call, retries included, took too long", error, transient: false);
        }

        if (attempt is { TimedOut: true } && error is OperationCanceledException or IOException or HttpRequestException)
        {
            return attempt.InBody
                ? TimedOut(QwenTimeoutKind.StreamIdle, attempt.FiredTimeout, nameof(QwenClientOptions.StreamIdleTimeout), "the response went silent", error, transient: !outputStarted)
                : TimedOut(QwenTimeoutKind.ResponseHeaders, attempt.FiredTimeout, nameof(QwenClientOptions.ResponseHeadersTimeout), "no response headers arrived", error, transient: !outputStarted);
        }

        if (error is OperationCanceledException { InnerException: TimeoutException })
        {
            return TimedOut(QwenTimeoutKind.HttpClient, Timeout.InfiniteTimeSpan, "HttpClient.Timeout", "the supplied HttpClient's Timeout fired (set it to Timeout.InfiniteTimeSpan; the client has its own timeouts)", error, transient: false);
        }

        if (error is ResponseLimitExceededException limit)
        {
            var info = new QwenErrorInfo
            {
                Message = $"The response from {_host} is too large: {limit.What} exceeded QwenClientOptions.{limit.OptionName} ({limit.Limit:N0} bytes). Reading stopped there and the call is not retried; raise the limit if the answer is legitimate.",
                HttpRequestError = HttpRequestError.ConfigurationLimitExceeded,
            };
            return new QwenResponseTooLargeException(info, limit.Limit, limit.OptionName);
        }

        if (error is InvalidDataException)
        {
            return InvalidResponse($"The response from {_host} could not be decompressed: {errors.Redact(error.Message)}", null, error);
        }

        if (error is JsonException or FormatException or DecoderFallbackException or ArgumentException or InvalidOperationException and not ObjectDisposedException)
        {
            // JsonException from our parsers names the field and the problem; the others come from the JSON reader
            // (invalid UTF-8, a lone surrogate, a number out of range) or the SSE parser.
            return InvalidResponse($"The response from {_host} is not valid: {errors.Redact(error.Message)}", null, error);
        }

        if (error is HttpRequestException or IOException or OperationCanceledException)
        {
            (HttpRequestError kind, string what) = DescribeConnectionFailure(error);
            string phase = attempt is { InBody: true } ? "while reading the response body" : "before the response headers arrived";
            var info = new QwenErrorInfo
            {
                Message = $"The connection to {_host} failed {phase}: {errors.Redact(what)}",
                HttpRequestError = kind,
            };

            // Nothing reached the caller yet (a unary body is only handed over whole), so a retry cannot repeat output.
            return new QwenServerException(info, error) { IsTransient = !outputStarted };
        }

        return error;
    }

    /// <summary>
    /// Types a failure of an open stream. A connection failure after the first update becomes
    /// <see cref="QwenStreamInterruptedException"/> (with the count of updates the caller got); before it, and for every
    /// other failure, it is typed by its cause as in <see cref="Translate"/>, retryable only while no update was read.
    /// </summary>
    public Exception TranslateStreamFailure(Exception error, CallScope call, ChatCompletionStream stream)
    {
        bool started = stream.UpdatesRead > 0;
        if (started
            && error is HttpRequestException or IOException or OperationCanceledException
            && error is not QwenApiException
            && !call.CallerToken.IsCancellationRequested && !call.OverallTimedOut && !stream.Attempt.TimedOut)
        {
            (_, string what) = DescribeConnectionFailure(error);
            return stream.Interrupted($"The connection failed mid-stream: {errors.Redact(what)}.", error);
        }

        return Translate(error, call, stream.Attempt, started);
    }

    /// <summary>A 2xx body still under a content coding: reading it as JSON or SSE would report "not JSON" or "ended without [DONE]", so say what really happened.</summary>
    public QwenInvalidResponseException Undecoded(string encoding, HttpResponseMessage response) => InvalidResponse(
        $"The response from {_host} is compressed (Content-Encoding: {encoding}) but was not decompressed: the client does not ask for compression. Fix the proxy, or pass an HttpClient whose handler sets AutomaticDecompression.",
        response,
        null);

    /// <summary>A whole 2xx body its reader refused, with a redacted snippet of it.</summary>
    /// <param name="what">What a valid body is (<see cref="IUnaryResponseReader{T}.What"/>).</param>
    /// <param name="body">The body as read.</param>
    /// <param name="response">The response it came with.</param>
    /// <param name="cause">What the reader threw.</param>
    public QwenInvalidResponseException InvalidBody(string what, ReadOnlySpan<byte> body, HttpResponseMessage response, Exception cause)
    {
        string snippet = errors.Redact(ErrorBodyParser.Snippet(body))!;
        return InvalidResponse(
            $"The response from {_host} (HTTP {(int)response.StatusCode}, {body.Length} bytes) is not {what}: {errors.Redact(cause.Message)} Body starts with: \"{snippet}\"",
            response,
            cause,
            snippet);
    }

    /// <summary>A <see cref="QwenInvalidResponseException"/>; never retried (the same server would answer the same way).</summary>
    private static QwenInvalidResponseException InvalidResponse(string message, HttpResponseMessage? response, Exception? cause, string? snippet = null) => new(
        new QwenErrorInfo
        {
            Message = message,
            StatusCode = response?.StatusCode,
            RequestId = response is null ? null : ResponseHeaders.RequestId(response),
            Snippet = snippet,
            HttpRequestError = HttpRequestError.InvalidResponse,
        },
        cause);

    /// <summary>Says what happened to the connection in words a user can act on, rather than the handler's generic "Unknown".</summary>
    private static (HttpRequestError Kind, string What) DescribeConnectionFailure(Exception error)
    {
        HttpRequestError kind = (error as HttpRequestException)?.HttpRequestError ?? (error as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown;
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                string what = socket.SocketErrorCode switch
                {
                    SocketError.ConnectionReset => "the server reset the connection",
                    SocketError.ConnectionRefused => "the connection was refused",
                    SocketError.ConnectionAborted => "the connection was aborted",
                    SocketError.TimedOut => "the connection timed out",
                    SocketError.HostNotFound or SocketError.NoData => "the host name could not be resolved",
                    _ => $"socket error {socket.SocketErrorCode}",
                };
                return (kind == HttpRequestError.Unknown ? HttpRequestError.ConnectionError : kind, what);
            }

            if (inner is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                return (HttpRequestError.ResponseEnded, "the response ended before its declared end (truncated body or chunked framing)");
            }
        }

        return (kind, error.Message);
    }

    private static QwenTimeoutException TimedOut(QwenTimeoutKind kind, TimeSpan duration, string option, string what, Exception cause, bool transient)
    {
        string value = duration == Timeout.InfiniteTimeSpan ? string.Empty : $" of {duration.TotalSeconds:0.###} s";
        return new QwenTimeoutException(kind, duration, $"Qwen call timed out: {what} (QwenClientOptions.{option}{value}).".Replace("QwenClientOptions.HttpClient.Timeout", "HttpClient.Timeout", StringComparison.Ordinal), cause)
        {
            IsTransient = transient,
        };
    }
}
