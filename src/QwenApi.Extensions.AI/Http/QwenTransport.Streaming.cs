using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>
/// Streaming calls. Everything up to the first update (connecting, retries, headers, role-only chunks) runs inside the
/// retry pipeline; once an update reaches the caller nothing is retried, so no token is ever repeated.
/// </content>
internal sealed partial class QwenTransport
{
    /// <summary>Streams one call. Takes ownership of <paramref name="body"/> (rented from <see cref="ArrayPool{T}.Shared"/>) and returns it when the stream ends.</summary>
    /// <remarks>The client hands its iterator's work to this one directly: one async iterator layer fewer per update.</remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(byte[] body, int length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            using var call = new CallScope(cancellationToken, _options);
            StreamSession session = await ExecuteAsync(call, body.AsMemory(0, length), static (self, body, attempt) => self.OpenStreamAsync(body, attempt), resultOwnsAttempt: true).ConfigureAwait(false);
            call.StopOverallDeadline();
            try
            {
                if (session.TakePending() is { } first)
                {
                    yield return first;
                }

                while (!session.Ended)
                {
                    ChatResponseUpdate? update;
                    try
                    {
                        update = await session.MoveNextEventAsync().ConfigureAwait(false) ? session.OnEvent() : session.OnEnd();
                    }
                    catch (Exception ex)
                    {
                        throw Fail(TranslateMidStream(ex, call, session), call, session.Attempt, outputStarted: true);
                    }

                    if (update is not null)
                    {
                        yield return session.HandOut(update);
                    }
                }
            }
            finally
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async ValueTask<StreamSession> OpenStreamAsync(ReadOnlyMemory<byte> body, AttemptScope attempt)
    {
        HttpResponseMessage response = await SendAsync(body, stream: true, attempt).ConfigureAwait(false);
        StreamSession? session = null;
        try
        {
            Stream stream = string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                ? await ReplayJsonAsSseAsync(response, attempt).ConfigureAwait(false)
                : await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);

            session = new StreamSession(response, stream, attempt, Errors);
            await session.PrimeAsync().ConfigureAwait(false);
            return session;
        }
        catch (Exception ex)
        {
            Exception translated = session is null ? Translate(ex, attempt.Call, attempt, outputStarted: false) : TranslateMidStream(ex, attempt.Call, session);
            if (session is not null)
            {
                // The session owns the attempt scope; keep it alive until the exception is built, then release everything.
                await session.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                response.Dispose();
            }

            throw translated;
        }
    }

    /// <summary>
    /// Some gateways answer a streaming request with one JSON document: a whole completion, or an error with status 200.
    /// It is replayed as a one-event stream (<c>message</c> reads like <c>delta</c>), so it is mapped and judged exactly
    /// like SSE: an error document throws the typed in-band error, a completion yields its updates and ends normally.
    /// </summary>
    private static async Task<Stream> ReplayJsonAsSseAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        using PooledBufferWriter buffer = await ReadBodyAsync(response, attempt).ConfigureAwait(false);
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

    private Exception TranslateMidStream(Exception error, CallScope call, StreamSession session)
    {
        bool started = session.UpdatesHandedOut > 0;
        if (error is QwenApiException || call.CallerToken.IsCancellationRequested)
        {
            return Translate(error, call, session.Attempt, started);
        }

        if (call.OverallTimedOut || session.Attempt.TimedOut)
        {
            return Translate(error, call, session.Attempt, started);
        }

        if (error is HttpRequestException or IOException or OperationCanceledException)
        {
            return session.Interrupted($"The connection failed mid-stream ({error.GetType().Name}).", error);
        }

        return Translate(error, call, session.Attempt, started);
    }
}
