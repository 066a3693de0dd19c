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
        attempt.BeforeRead();
        try
        {
            bytes = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
        }
        finally
        {
            attempt.AfterRead();
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
