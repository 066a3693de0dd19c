using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Polly;

namespace QwenApi.Extensions.AI;

/// <content>Running attempts through the pipeline and translating failures.</content>
internal sealed partial class QwenTransport
{
    /// <summary>Runs <paramref name="attempt"/> with retries; every exception that leaves is typed or the caller's cancellation.</summary>
    /// <param name="call">The call's cancellation scope.</param>
    /// <param name="state">What every attempt sends and reads with (the request body, re-sent by every attempt and only read; a reader).</param>
    /// <param name="attempt">
    /// One attempt (static: a closure per call would be an allocation per call). It creates and releases everything it
    /// uses, translates its own failures (it alone knows which timer fired), and returns a result that owns nothing of
    /// the attempt's except what the result type says (an open stream owns its response).
    /// </param>
    /// <param name="model">The model sent, for a per-model coordinator scope.</param>
    /// <param name="estimate">The call's token estimate, admitted by the coordinator and the token limiter for every attempt.</param>
    private async ValueTask<T> ExecuteAsync<TState, T>(CallScope call, TState state, string? model, TokenEstimate estimate, Func<QwenTransport, TState, CallScope, ValueTask<T>> attempt)
    {
        string? scope = _governor?.ScopeFor(model);
        ResilienceContext context = ResilienceContextPool.Shared.Get(call.Token);
        context.Properties.Set(QwenRetryPolicy.CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (_, s) => s.scope is null
                    ? s.attempt(s.self, s.state, s.call)
                    : s.self.GovernedAttemptAsync(s.attempt, s.state, s.call, s.scope, s.estimate),
                context,
                (self: this, call, state, scope, estimate, attempt)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex, call, null, outputStarted: false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// With a shared coordinator or a limiter: the attempt is admitted first (<see cref="AttemptGovernor"/>), before it
    /// exists, so waits never count against its own timeouts, and the call owns its permits. A failed attempt releases
    /// them at once, so its retry (after the backoff) asks afresh and can never wait for permits its own call holds; a
    /// successful one keeps them until the call ends. (Without a coordinator or limiter, no async layer is added.)
    /// </summary>
    private async ValueTask<T> GovernedAttemptAsync<TState, T>(Func<QwenTransport, TState, CallScope, ValueTask<T>> attempt, TState state, CallScope call, string scope, TokenEstimate estimate)
    {
        call.Admit(await _governor!.AdmitAsync(call, scope, estimate).ConfigureAwait(false));
        try
        {
            return await attempt(this, state, call).ConfigureAwait(false);
        }
        catch
        {
            // A 429's grant is not given back: the server's window may hold it. The permits go, the window grants stay.
            call.ReleaseAttempt();
            throw;
        }
    }

    /// <summary>Final translation of a failure that ends the call, with logging and the attempt count.</summary>
    internal Exception Fail(Exception error, CallScope call, AttemptScope? attempt, bool outputStarted)
    {
        Exception result = Translate(error, call, attempt, outputStarted);
        if (result is QwenApiException qwen)
        {
            qwen.Attempts = call.Attempts;
            Log.Failed(_logger, call.Attempts, QwenRetryPolicy.Describe(qwen), (int?)qwen.StatusCode, qwen.ErrorCode, qwen.RequestId);
        }

        return result;
    }

    /// <summary>
    /// Maps a raw failure: the caller's cancellation stays an <see cref="OperationCanceledException"/> for the caller's
    /// token; a fired timeout becomes <see cref="QwenTimeoutException"/> naming it; a size limit
    /// <see cref="QwenResponseTooLargeException"/>; anything a parser, decoder or decompressor throws
    /// <see cref="QwenInvalidResponseException"/>; a connection failure <see cref="QwenServerException"/> (retryable
    /// before output; streams report one after output as interrupted, see <c>QwenTransport.Streaming.cs</c>).
    /// Exceptions thrown by strategies the user added with <see cref="QwenClientOptions.ConfigureResilience"/> pass unchanged.
    /// </summary>
    internal Exception Translate(Exception error, CallScope call, AttemptScope? attempt, bool outputStarted)
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
                Message = $"The response from {_requestUri.Host} is too large: {limit.What} exceeded QwenClientOptions.{limit.OptionName} ({limit.Limit:N0} bytes). Reading stopped there and the call is not retried; raise the limit if the answer is legitimate.",
                HttpRequestError = HttpRequestError.ConfigurationLimitExceeded,
            };
            return new QwenResponseTooLargeException(info, limit.Limit, limit.OptionName);
        }

        if (error is InvalidDataException)
        {
            return InvalidResponse($"The response from {_requestUri.Host} could not be decompressed: {Errors.Redact(error.Message)}", null, error);
        }

        if (error is JsonException or FormatException or DecoderFallbackException or ArgumentException or InvalidOperationException and not ObjectDisposedException)
        {
            // JsonException from our parsers names the field and the problem; the others come from the JSON reader
            // (invalid UTF-8, a lone surrogate, a number out of range) or the SSE parser.
            return InvalidResponse($"The response from {_requestUri.Host} is not valid: {Errors.Redact(error.Message)}", null, error);
        }

        if (error is HttpRequestException or IOException or OperationCanceledException)
        {
            (HttpRequestError kind, string what) = DescribeConnectionFailure(error);
            string phase = attempt is { InBody: true } ? "while reading the response body" : "before the response headers arrived";
            var info = new QwenErrorInfo
            {
                Message = $"The connection to {_requestUri.Host} failed {phase}: {Errors.Redact(what)}",
                HttpRequestError = kind,
            };

            // Nothing reached the caller yet (a unary body is only handed over whole), so a retry cannot repeat output.
            return new QwenServerException(info, error) { IsTransient = !outputStarted };
        }

        return error;
    }

    /// <summary>A <see cref="QwenInvalidResponseException"/>; never retried (the same server would answer the same way).</summary>
    private QwenInvalidResponseException InvalidResponse(string message, HttpResponseMessage? response, Exception? cause, string? snippet = null) => new(
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

    private QwenTimeoutException TimedOut(QwenTimeoutKind kind, TimeSpan duration, string option, string what, Exception cause, bool transient)
    {
        string value = duration == System.Threading.Timeout.InfiniteTimeSpan ? string.Empty : $" of {duration.TotalSeconds:0.###} s";
        return new QwenTimeoutException(kind, duration, $"Qwen call timed out: {what} (QwenClientOptions.{option}{value}).".Replace("QwenClientOptions.HttpClient.Timeout", "HttpClient.Timeout", StringComparison.Ordinal), cause)
        {
            IsTransient = transient,
        };
    }
}
