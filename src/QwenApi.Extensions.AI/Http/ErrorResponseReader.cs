using System.Net;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads a response with a non-2xx status into the typed <see cref="QwenApiException"/> it describes: at most
/// <see cref="QwenExceptionFactory.MaxErrorBodyBytes"/> of its body, its <c>Retry-After</c>, whether it may be retried, and
/// for a 429 the kind of limit and the pause it sets on the shared coordinator.
/// </summary>
internal sealed class ErrorResponseReader(QwenClientOptions options, Uri requestUri, QwenExceptionFactory errors, ServerSignals? signals)
{
    private const int MaxErrorBody = QwenExceptionFactory.MaxErrorBodyBytes;

    /// <summary>Reads <paramref name="response"/> (which the caller disposes) into its exception.</summary>
    /// <param name="response">The answer with a non-2xx status.</param>
    /// <param name="attempt">The attempt it answers: its idle timer covers the reads.</param>
    /// <param name="limits">The rate-limit headers it carried, if the coordinator read any.</param>
    public async Task<QwenApiException> ReadAsync(HttpResponseMessage response, AttemptScope attempt, QwenServerRateLimits? limits)
    {
        (byte[] buffer, int length, ErrorBodyEnd end) = await ReadBodyAsync(response, attempt).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        TimeSpan? retryAfter = RetryAfterParser.Parse(response.Headers, options.TimeProvider);
        QwenApiException error;
        if (status is >= 300 and < 400)
        {
            string target = response.Headers.Location is { IsAbsoluteUri: true } location ? location.Host : "another location";
            error = errors.Create(response.StatusCode, new ErrorBodyParser.ParsedError(
                $"the endpoint redirected to {target}; the client does not follow redirects so the API key is never sent elsewhere. Point QwenClientOptions.Endpoint at the final address.",
                null, null, null, null, null, true), ResponseHeaders.RequestId(response), null);
        }
        else
        {
            error = errors.FromResponse(response.StatusCode, buffer.AsSpan(0, length), end, ResponseHeaders.UndecodedEncoding(response), ResponseHeaders.RequestId(response), retryAfter);
        }

        error.IsTransient = status is 408 or 429 or 500 or 502 or 503 or 504 && error is not QwenInsufficientCreditsException;
        if (status == 429)
        {
            QwenMetrics.RateLimitedResponse(requestUri);
        }

        if (error is QwenRateLimitException rateLimited && status == 429)
        {
            rateLimited.Limit = RateLimitedAnswer.Kind(rateLimited.ErrorCode, rateLimited.Message, limits);
            if (signals is not null)
            {
                await signals.PauseAsync(rateLimited, retryAfter, limits, attempt.Call, attempt.Token).ConfigureAwait(false);
            }
        }

        return error;
    }

    /// <summary>Reads at most <see cref="MaxErrorBody"/> bytes of the body, and says how it ended.</summary>
    private static async Task<(byte[] Buffer, int Length, ErrorBodyEnd End)> ReadBodyAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        // Room for one byte past the limit, so the loop asks for it: the stream refuses it (ResponseLimitExceededException)
        // when the body is longer, and returns 0 when it is exactly the limit.
        byte[] buffer = new byte[MaxErrorBody + 1];
        int length = 0;
        ErrorBodyEnd end = ErrorBodyEnd.Complete;
        try
        {
            var content = new ResponseBodyStream(await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt, MaxErrorBody, "MaxErrorBody");
            await using (content.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), attempt.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (ResponseLimitExceededException)
        {
            // Longer than the limit: its start is read leniently, and the message says the body was cut there.
            end = ErrorBodyEnd.CutAtLimit;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A cut error body still tells the status, and what arrived may hold the message: keep it, and say it was cut.
            end = ErrorBodyEnd.CutByConnectionFailure;
        }

        return (buffer, Math.Min(length, MaxErrorBody), end);
    }
}
