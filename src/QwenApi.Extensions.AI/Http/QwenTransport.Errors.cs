using System.Net;

namespace QwenApi.Extensions.AI;

/// <content>Reading a failed response into the typed exception.</content>
internal sealed partial class QwenTransport
{
    private async Task<QwenApiException> ReadErrorAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        const int MaxErrorBody = 64 * 1024;
        byte[] buffer = new byte[MaxErrorBody];
        int length = 0;
        try
        {
            var content = new ResponseBodyStream(await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt, MaxErrorBody, "MaxErrorBody");
            await using (content.ConfigureAwait(false))
            {
                int read;
                while (length < MaxErrorBody && (read = await content.ReadAsync(buffer.AsMemory(length), attempt.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A truncated error body still tells the status; keep what arrived.
        }

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
            error = Errors.FromResponse(response.StatusCode, buffer.AsSpan(0, length), ResponseHeaders.RequestId(response), retryAfter);
        }

        error.IsTransient = status is 408 or 429 or 500 or 502 or 503 or 504 && error is not QwenInsufficientCreditsException;
        return error;
    }
}
