using System.Net;

namespace QwenApi.Extensions.AI;

/// <content>Reading a failed response into the typed exception.</content>
internal sealed partial class QwenTransport
{
    private async Task<QwenApiException> ReadErrorAsync(HttpResponseMessage response, AttemptScope attempt, QwenServerRateLimits? limits)
    {
        const int MaxErrorBody = QwenExceptionFactory.MaxErrorBodyBytes;

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
            // Longer than the limit: the first 64 KiB are read leniently, and the message says the body was cut there.
            end = ErrorBodyEnd.CutAtLimit;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A cut error body still tells the status, and what arrived may hold the message: keep it, and say it was cut.
            end = ErrorBodyEnd.CutByConnectionFailure;
        }

        length = Math.Min(length, MaxErrorBody);

        int status = (int)response.StatusCode;
        TimeSpan? retryAfter = RetryAfterParser.Parse(response.Headers, _options.TimeProvider);
        QwenApiException error;
        if (status is >= 300 and < 400)
        {
            string target = response.Headers.Location is { IsAbsoluteUri: true } location ? location.Host : "another location";
            error = Errors.Create(response.StatusCode, new ErrorBodyParser.ParsedError(
                $"the endpoint redirected to {target}; the client does not follow redirects so the API key is never sent elsewhere. Point QwenClientOptions.Endpoint at the final address.",
                null, null, null, null, null, true), ResponseHeaders.RequestId(response), null);
        }
        else
        {
            error = Errors.FromResponse(response.StatusCode, buffer.AsSpan(0, length), end, ContentEncoding(response), ResponseHeaders.RequestId(response), retryAfter);
        }

        error.IsTransient = status is 408 or 429 or 500 or 502 or 503 or 504 && error is not QwenInsufficientCreditsException;
        if (status == 429)
        {
            QwenMetrics.RateLimitedResponse(_requestUri);
        }

        if (error is QwenRateLimitException rateLimited && status == 429)
        {
            rateLimited.Limit = RateLimitedAnswer.Kind(rateLimited.ErrorCode, rateLimited.Message, limits);
            if (_signals is not null)
            {
                await _signals.PauseAsync(rateLimited, retryAfter, limits, attempt.Call, attempt.Token).ConfigureAwait(false);
            }
        }

        return error;
    }

    /// <summary>
    /// The <c>Content-Encoding</c> still on the content, which means no handler decoded the body (a decompressing handler
    /// removes the header); <c>identity</c> is no encoding.
    /// </summary>
    private static string? ContentEncoding(HttpResponseMessage response)
    {
        ICollection<string> encodings = response.Content.Headers.ContentEncoding;
        if (encodings.Count == 0 || encodings.All(static e => string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return string.Join(", ", encodings);
    }
}
