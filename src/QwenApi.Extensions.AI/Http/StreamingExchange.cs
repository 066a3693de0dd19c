using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Streaming chat calls: an attempt opens the SSE response and reads up to the first update, so everything before it
/// can be retried; from then on the <see cref="ChatCompletionStream"/> is read to its end and nothing is retried.
/// </summary>
/// <param name="options">The validated copy of the client's options.</param>
/// <param name="runner">Runs the attempts.</param>
/// <param name="sender">Sends an attempt and reads a whole body.</param>
/// <param name="failures">Types failures.</param>
/// <param name="errors">Builds the typed exceptions of in-band errors.</param>
/// <param name="logger">Logs a failed reconciliation.</param>
internal sealed class StreamingExchange(QwenClientOptions options, CallRunner runner, AttemptSender sender, FailureTranslator failures, QwenExceptionFactory errors, ILogger logger)
{
    /// <summary>
    /// One streaming call. Every enumeration runs this whole method: its own call scope, attempts, response and buffers,
    /// so enumerating a result again sends the same request again (as OpenAI's SDK does), and concurrent enumerations
    /// share nothing but <paramref name="body"/>, which nobody writes after the client built it.
    /// </summary>
    /// <remarks>
    /// Retries cover everything up to the first update (the attempt reads until it has one); from then on nothing is
    /// retried, so a token is never repeated. The stream, and everything it owns, is disposed when the enumeration
    /// ends, fails, or is abandoned (<c>break</c>, cancellation).
    /// </remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using CallScope call = runner.Start(body, model, estimate, cancellationToken);
        (ChatCompletionStream stream, ChatResponseUpdate? update) = await runner.RunAsync(call, this, static (self, call) => self.OpenAsync(call)).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            call.StopOverallDeadline(); // From the first update on, only the idle timeout applies.
            while (update is not null)
            {
                if (call.Permits is { } permits && UsedTokens(update) is { } used)
                {
                    await permits.ReconcileAsync(used.InputTokenCount, used.TotalTokenCount, logger).ConfigureAwait(false);
                }

                yield return update;
                try
                {
                    update = await stream.ReadAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    throw failures.Fail(failures.TranslateStreamFailure(ex, call, stream), call, stream.Attempt, outputStarted: true);
                }
            }
        }
    }

    /// <summary>The usage an update reports (the last chunk of a stream with <c>include_usage</c>), if any.</summary>
    private static UsageDetails? UsedTokens(ChatResponseUpdate update)
    {
        foreach (AIContent content in update.Contents)
        {
            if (content is UsageContent { Details: { } details })
            {
                return details;
            }
        }

        return null;
    }

    /// <summary>
    /// One attempt: sends the request and reads until the first update (or a normal end), so that a failure up to there
    /// can still be retried. Until the <see cref="ChatCompletionStream"/> exists this method owns the attempt scope and
    /// the response and releases them on failure; from then on the stream owns them, and this method disposes the
    /// stream on failure or returns it to the caller, who disposes it.
    /// </summary>
    private async ValueTask<(ChatCompletionStream Stream, ChatResponseUpdate? First)> OpenAsync(CallScope call)
    {
        var attempt = new AttemptScope(call, options);
        HttpResponseMessage? response = null;
        ChatCompletionStream? stream = null;
        try
        {
            response = await sender.SendAsync(attempt, stream: true).ConfigureAwait(false);
            Stream events = string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                ? await ReplayJsonAsSseAsync(response, attempt).ConfigureAwait(false)
                : new ResponseBodyStream(
                    await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false),
                    attempt,
                    options.MaxStreamBytes,
                    nameof(QwenClientOptions.MaxStreamBytes),
                    options.MaxStreamEventBytes);
            stream = new ChatCompletionStream(response, events, attempt, errors, options.RawStreamingChunks);
            return (stream, await stream.ReadAsync().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            Exception translated = stream is null ? failures.Translate(ex, call, attempt, outputStarted: false) : failures.TranslateStreamFailure(ex, call, stream);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                response?.Dispose();
                attempt.Dispose();
            }

            throw translated;
        }
    }

    /// <summary>
    /// Some gateways answer a streaming request with one JSON document: a whole completion, or an error with status 200.
    /// It is read whole (within <see cref="QwenClientOptions.MaxResponseBytes"/>, as a non-streaming answer) and replayed
    /// as a one-event stream (<c>message</c> reads like <c>delta</c>), so it is mapped and judged exactly like SSE.
    /// </summary>
    private async Task<Stream> ReplayJsonAsSseAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        using var buffer = new PooledBufferWriter(sender.BodyCapacity(response));
        await sender.ReadBodyAsync(response, attempt, buffer).ConfigureAwait(false);
        var events = new MemoryStream(buffer.WrittenMemory.Length + 32);
        events.Write("data: "u8);
        using (JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory))
        using (var writer = new Utf8JsonWriter(events))
        {
            document.RootElement.WriteTo(writer); // compact: one SSE data line
        }

        events.Write("\n\ndata: [DONE]\n\n"u8);
        events.Position = 0;
        return events;
    }
}
