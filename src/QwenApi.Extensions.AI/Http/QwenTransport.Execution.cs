using System.Net;
using Polly;

namespace QwenApi.Extensions.AI;

/// <content>Running attempts through the pipeline and translating failures.</content>
internal sealed partial class QwenTransport
{
    /// <summary>Runs <paramref name="attempt"/> with retries; every exception that leaves is typed or the caller's cancellation.</summary>
    /// <param name="call">The call's cancellation scope.</param>
    /// <param name="body">The request body, re-sent by every attempt.</param>
    /// <param name="attempt">One attempt (static: a closure per call would be an allocation per call).</param>
    /// <param name="resultOwnsAttempt">Whether a successful result takes over the attempt's scope (an open stream does).</param>
    private async ValueTask<T> ExecuteAsync<T>(CallScope call, ReadOnlyMemory<byte> body, Func<QwenTransport, ReadOnlyMemory<byte>, AttemptScope, ValueTask<T>> attempt, bool resultOwnsAttempt = false)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(call.Token);
        context.Properties.Set(QwenRetryPolicy.CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var scope = new AttemptScope(state.call, state.self._options);
                    bool handedOver = false;
                    try
                    {
                        T result = await state.attempt(state.self, state.body, scope).ConfigureAwait(false);
                        handedOver = state.resultOwnsAttempt;
                        return result;
                    }
                    catch (Exception ex) when (ex is not QwenApiException)
                    {
                        throw state.self.Translate(ex, scope.Call, scope, outputStarted: false);
                    }
                    finally
                    {
                        if (!handedOver)
                        {
                            scope.Dispose();
                        }
                    }
                },
                context,
                (self: this, call, body, attempt, resultOwnsAttempt)).ConfigureAwait(false);
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

    /// <summary>Final translation of a failure that ends the call, with logging and the attempt count.</summary>
    internal Exception Fail(Exception error, CallScope call, AttemptScope? attempt, bool outputStarted)
    {
        Exception result = error is QwenApiException ? error : Translate(error, call, attempt, outputStarted);
        if (result is QwenApiException qwen)
        {
            qwen.Attempts = call.Attempts;
            Log.Failed(_logger, call.Attempts, QwenRetryPolicy.Describe(qwen), (int?)qwen.StatusCode, qwen.ErrorCode, qwen.RequestId);
        }

        return result;
    }

    /// <summary>
    /// Maps a raw failure: the caller's cancellation stays an <see cref="OperationCanceledException"/> for the caller's token;
    /// a fired timeout becomes <see cref="QwenTimeoutException"/> naming it; a connection failure becomes
    /// <see cref="QwenServerException"/> (before output, retryable) or <see cref="QwenStreamInterruptedException"/> (after).
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

        if (error is HttpRequestException or IOException or OperationCanceledException)
        {
            HttpRequestError kind = (error as HttpRequestException)?.HttpRequestError ?? (error as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown;
            var info = new QwenErrorInfo
            {
                Message = $"The connection to {_chatCompletionsUri.Host} failed ({kind}): {Errors.Redact(error.Message)}",
                HttpRequestError = kind,
            };
            // Nothing reached the caller yet (a unary body is only handed over whole), so a retry cannot repeat output.
            return new QwenServerException(info, error) { IsTransient = !outputStarted };
        }

        if (error is System.Text.Json.JsonException)
        {
            var info = new QwenErrorInfo { Message = $"The response from {_chatCompletionsUri.Host} is not valid Qwen JSON: {Errors.Redact(error.Message)}", HttpRequestError = HttpRequestError.InvalidResponse };
            return new QwenApiException(info, error);
        }

        return error;
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
