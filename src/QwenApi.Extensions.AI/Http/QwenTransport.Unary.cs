using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>Non-streaming calls.</content>
internal sealed partial class QwenTransport
{
    // A declared Content-Length up to this size is rented at once; a larger (or unknown) one grows by doubling.
    private const int MaxPresizedBody = 16 * 1024 * 1024;

    /// <summary>Makes one call. Takes ownership of <paramref name="body"/> (rented from <see cref="ArrayPool{T}.Shared"/>) and returns it when the call ends.</summary>
    /// <remarks>The client returns this task directly, as it does the stream: one async layer fewer per call.</remarks>
    public async Task<ChatResponse> GetResponseAsync(byte[] body, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var call = new CallScope(cancellationToken, _options);
            return await ExecuteAsync(call, body.AsMemory(0, length), static (self, body, attempt) => self.UnaryAttemptAsync(body, attempt)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async ValueTask<ChatResponse> UnaryAttemptAsync(ReadOnlyMemory<byte> body, AttemptScope attempt)
    {
        using HttpResponseMessage response = await SendAsync(body, stream: false, attempt).ConfigureAwait(false);
        using PooledBufferWriter buffer = await ReadBodyAsync(response, attempt).ConfigureAwait(false);
        return MapUnary(buffer.WrittenMemory, response);
    }

    /// <summary>
    /// Reads a whole body once into a pooled buffer (right-sized when Content-Length is known; +1 so the final zero-length
    /// read needs no growth), to be parsed in place. The idle timeout covers every read that waits, as for streams.
    /// </summary>
    private static async Task<PooledBufferWriter> ReadBodyAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        long? declared = response.Content.Headers.ContentLength;
        var buffer = new PooledBufferWriter(declared is > 0 and < MaxPresizedBody ? (int)declared.Value + 1 : 4096);
        try
        {
            var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt);
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.GetMemory(), attempt.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Advance(read);
                }
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private ChatResponse MapUnary(ReadOnlyMemory<byte> bytes, HttpResponseMessage response)
    {
        JsonDocument document;
        try
        {
            // Parses over the pooled bytes without copying them; the document's own index is pooled too.
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            var info = new QwenErrorInfo
            {
                Message = $"The response from {_chatCompletionsUri.Host} (HTTP {(int)response.StatusCode}) is not JSON. Body starts with: \"{Errors.Redact(ErrorBodyParser.Snippet(bytes.Span))}\"",
                StatusCode = response.StatusCode,
                RequestId = ResponseHeaders.RequestId(response),
                Snippet = Errors.Redact(ErrorBodyParser.Snippet(bytes.Span)),
                HttpRequestError = HttpRequestError.InvalidResponse,
            };
            throw new QwenApiException(info, ex);
        }

        using (document)
        {
            if (ChatResponseParser.IsErrorDocument(document.RootElement))
            {
                // An error document with a 2xx status: treat it like an in-band stream error.
                throw Errors.FromInBandError(ErrorBodyParser.Parse(bytes.Span), ResponseHeaders.RequestId(response), nothingYielded: true);
            }

            // RawRepresentation outlives the pooled buffer: Clone makes the one copy the caller keeps (bytes + index).
            return ChatResponseParser.Parse(document.RootElement.Clone());
        }
    }
}
