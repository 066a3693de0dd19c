using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>Non-streaming calls.</content>
internal sealed partial class QwenTransport
{
    public async Task<ChatResponse> GetResponseAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var call = new CallScope(cancellationToken, _options);
        return await ExecuteAsync(call, attempt => UnaryAttemptAsync(body, attempt)).ConfigureAwait(false);
    }

    private async ValueTask<ChatResponse> UnaryAttemptAsync(ReadOnlyMemory<byte> body, AttemptScope attempt)
    {
        using HttpResponseMessage response = await SendAsync(body, stream: false, attempt).ConfigureAwait(false);
        byte[] bytes;
        Stream content = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);

        // The idle timeout is re-armed around every read, as for streams: a large body arriving steadily is never cut.
        var responseBody = new IdleTimeoutStream(content, attempt);
        await using (responseBody.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await responseBody.CopyToAsync(buffer, attempt.Token).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        JsonElement root;
        try
        {
            root = JsonElement.Parse(bytes);
        }
        catch (JsonException ex)
        {
            var info = new QwenErrorInfo
            {
                Message = $"The response from {_chatCompletionsUri.Host} (HTTP {(int)response.StatusCode}) is not JSON. Body starts with: \"{Errors.Redact(ErrorBodyParser.Snippet(bytes))}\"",
                StatusCode = response.StatusCode,
                RequestId = RetryAfterParser.RequestId(response),
                Snippet = Errors.Redact(ErrorBodyParser.Snippet(bytes)),
                HttpRequestError = HttpRequestError.InvalidResponse,
            };
            throw new QwenApiException(info, ex);
        }

        if (ChatResponseParser.IsErrorDocument(root))
        {
            // An error document with a 2xx status: treat it like an in-band stream error.
            throw Errors.FromInBandError(ErrorBodyParser.Parse(bytes), RetryAfterParser.RequestId(response), nothingYielded: true);
        }

        return ChatResponseParser.Parse(root);
    }
}
