using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>Non-streaming calls.</content>
internal sealed partial class QwenTransport
{
    // A declared Content-Length up to this size is rented at once; a larger (or unknown) one grows by doubling.
    private const int MaxPresizedBody = 16 * 1024 * 1024;

    /// <summary>Makes one call with retries. <paramref name="body"/> is only read, by every attempt.</summary>
    public async Task<ChatResponse> GetResponseAsync(ReadOnlyMemory<byte> body, string? model, int estimatedTokens, CancellationToken cancellationToken)
    {
        using var call = new CallScope(cancellationToken, _options);
        ChatResponse response = await ExecuteAsync(call, body, model, estimatedTokens, static (self, body, call) => self.UnaryAttemptAsync(body, call)).ConfigureAwait(false);
        if (call.Permits is { } permits && response.Usage?.TotalTokenCount is { } used)
        {
            await permits.ReconcileAsync(used, _logger).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>One attempt. Everything it creates (timers, response, the pooled body buffer) is released before it returns.</summary>
    private async ValueTask<ChatResponse> UnaryAttemptAsync(ReadOnlyMemory<byte> body, CallScope call)
    {
        using var attempt = new AttemptScope(call, _options);
        try
        {
            using HttpResponseMessage response = await SendAsync(body, stream: false, attempt).ConfigureAwait(false);
            using var buffer = new PooledBufferWriter(InitialBodyCapacity(response));
            await ReadBodyAsync(response, attempt, buffer).ConfigureAwait(false);
            return MapUnary(buffer.WrittenMemory, response);
        }
        catch (Exception ex)
        {
            throw Translate(ex, call, attempt, outputStarted: false);
        }
    }

    /// <summary>Right-sized when Content-Length is known (+1 so the final zero-length read needs no growth).</summary>
    private int InitialBodyCapacity(HttpResponseMessage response) =>
        response.Content.Headers.ContentLength is { } declared && declared > 0 && declared < Math.Min(MaxPresizedBody, _options.MaxResponseBytes)
            ? (int)declared + 1
            : 4096;

    /// <summary>
    /// Reads a whole body into <paramref name="buffer"/>, at most <see cref="QwenClientOptions.MaxResponseBytes"/> (plus
    /// the one byte that tells it is over). The idle timeout covers every read that waits, as for streams.
    /// </summary>
    private async Task ReadBodyAsync(HttpResponseMessage response, AttemptScope attempt, PooledBufferWriter buffer)
    {
        var body = new ResponseBodyStream(
            await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt, _options.MaxResponseBytes, nameof(QwenClientOptions.MaxResponseBytes));
        await using (body.ConfigureAwait(false))
        {
            int read;
            while ((read = await body.ReadAsync(buffer.GetMemory(), attempt.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Advance(read);
            }
        }
    }

    private ChatResponse MapUnary(ReadOnlyMemory<byte> bytes, HttpResponseMessage response)
    {
        try
        {
            // Parses over the pooled bytes without copying them; the document's own index is pooled too. A body that is
            // not exactly one JSON value (bytes after the root object included) throws JsonException.
            using JsonDocument document = JsonDocument.Parse(bytes);
            if (ChatResponseParser.IsErrorDocument(document.RootElement))
            {
                // An error document with a 2xx status: treat it like an in-band stream error.
                throw Errors.FromInBandError(ErrorBodyParser.Parse(bytes.Span), ResponseHeaders.RequestId(response), nothingYielded: true);
            }

            // RawRepresentation outlives the pooled buffer: Clone makes the one copy the caller keeps (bytes + index).
            return ChatResponseParser.Parse(document.RootElement.Clone());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            string snippet = Errors.Redact(ErrorBodyParser.Snippet(bytes.Span))!;
            throw InvalidResponse(
                $"The response from {_chatCompletionsUri.Host} (HTTP {(int)response.StatusCode}, {bytes.Length} bytes) is not a valid chat completion: {Errors.Redact(ex.Message)} Body starts with: \"{snippet}\"",
                response,
                ex,
                snippet);
        }
    }
}
