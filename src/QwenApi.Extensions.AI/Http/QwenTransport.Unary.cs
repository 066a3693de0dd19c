using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>Non-streaming calls.</content>
internal sealed partial class QwenTransport
{
    // A declared Content-Length up to this size is rented at once; a larger (or unknown) one grows by doubling.
    private const int MaxPresizedBody = 16 * 1024 * 1024;

    /// <summary>Makes one call with retries. <paramref name="body"/> is only read, by every attempt.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="model">The model sent, for a per-model coordinator scope.</param>
    /// <param name="estimate">The call's token estimate for the coordinator and the token limiter.</param>
    /// <param name="reader">Reads a 2xx body into the result (a shared singleton for chat: no allocation per call).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<T> GetResponseAsync<T>(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, IUnaryResponseReader<T> reader, CancellationToken cancellationToken)
    {
        using var call = new CallScope(cancellationToken, _options);
        T response = await ExecuteAsync(call, (body, reader), model, estimate, static (self, request, call) => self.UnaryAttemptAsync(request.body, request.reader, call)).ConfigureAwait(false);
        if (call.Permits is { } permits && reader.UsedTokens(response) is { } used)
        {
            await permits.ReconcileAsync(used.Input, used.Total, _logger).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>One attempt. Everything it creates (timers, response, the pooled body buffer) is released before it returns.</summary>
    private async ValueTask<T> UnaryAttemptAsync<T>(ReadOnlyMemory<byte> body, IUnaryResponseReader<T> reader, CallScope call)
    {
        using var attempt = new AttemptScope(call, _options);
        try
        {
            using HttpResponseMessage response = await SendAsync(body, stream: false, attempt).ConfigureAwait(false);
            using var buffer = new PooledBufferWriter(InitialBodyCapacity(response));
            await ReadBodyAsync(response, attempt, buffer).ConfigureAwait(false);
            return ReadUnary(reader, buffer.WrittenMemory, response);
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

    private T ReadUnary<T>(IUnaryResponseReader<T> reader, ReadOnlyMemory<byte> bytes, HttpResponseMessage response)
    {
        try
        {
            return reader.Read(this, bytes, response);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            string snippet = Errors.Redact(ErrorBodyParser.Snippet(bytes.Span))!;
            throw InvalidResponse(
                $"The response from {_requestUri.Host} (HTTP {(int)response.StatusCode}, {bytes.Length} bytes) is not {reader.What}: {Errors.Redact(ex.Message)} Body starts with: \"{snippet}\"",
                response,
                ex,
                snippet);
        }
    }
}
