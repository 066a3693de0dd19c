using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>Streaming calls.</content>
internal sealed partial class QwenTransport
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
        using var call = new CallScope(cancellationToken, _options);
        (ChatCompletionStream stream, ChatResponseUpdate? update) = await ExecuteAsync(call, body, model, estimate, static (self, body, call) => self.OpenStreamAsync(body, call)).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            call.StopOverallDeadline(); // From the first update on, only the idle timeout applies.
            while (update is not null)
            {
                if (call.Permits is { } permits && UsedTokens(update) is { } used)
                {
                    await permits.ReconcileAsync(used.InputTokenCount, used.TotalTokenCount, _logger).ConfigureAwait(false);
                }

                yield return update;
                try
                {
                    update = await stream.ReadAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    throw Fail(TranslateStreamFailure(ex, call, stream), call, stream.Attempt, outputStarted: true);
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
    private async ValueTask<(ChatCompletionStream Stream, ChatResponseUpdate? First)> OpenStreamAsync(ReadOnlyMemory<byte> body, CallScope call)
    {
        var attempt = new AttemptScope(call, _options);
        HttpResponseMessage? response = null;
        ChatCompletionStream? stream = null;
        try
        {
            response = await SendAsync(body, stream: true, attempt).ConfigureAwait(false);
            Stream events = string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                ? await ReplayJsonAsSseAsync(response, attempt).ConfigureAwait(false)
                : new ResponseBodyStream(
                    await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false),
                    attempt,
                    _options.MaxStreamBytes,
                    nameof(QwenClientOptions.MaxStreamBytes),
                    _options.MaxStreamEventBytes);
            stream = new ChatCompletionStream(response, events, attempt, Errors, _options.RawStreamingChunks);
            return (stream, await stream.ReadAsync().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            Exception translated = stream is null ? Translate(ex, call, attempt, outputStarted: false) : TranslateStreamFailure(ex, call, stream);
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
        using var buffer = new PooledBufferWriter(InitialBodyCapacity(response));
        await ReadBodyAsync(response, attempt, buffer).ConfigureAwait(false);
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

    /// <summary>
    /// Types a failure of an open stream. A connection failure after the first update becomes
    /// <see cref="QwenStreamInterruptedException"/> (with the count of updates the caller got); before it, and for every
    /// other failure, it is typed by its cause as in <see cref="Translate"/>, retryable only while no update was read.
    /// </summary>
    private Exception TranslateStreamFailure(Exception error, CallScope call, ChatCompletionStream stream)
    {
        bool started = stream.UpdatesRead > 0;
        if (started
            && error is HttpRequestException or IOException or OperationCanceledException
            && error is not QwenApiException
            && !call.CallerToken.IsCancellationRequested && !call.OverallTimedOut && !stream.Attempt.TimedOut)
        {
            (_, string what) = DescribeConnectionFailure(error);
            return stream.Interrupted($"The connection failed mid-stream: {Errors.Redact(what)}.", error);
        }

        return Translate(error, call, stream.Attempt, started);
    }
}
