using System.Net.ServerSentEvents;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// One open SSE response being turned into updates. It owns the response and the attempt's timers until disposed.
/// A stream must end with <c>[DONE]</c> or at least a finish reason; anything else is reported as interrupted, never as success.
/// </summary>
internal sealed class StreamSession : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<ChunkKind>> _events;
    private readonly ChunkParser _parser = new();
    private readonly StreamingUpdateBuilder _builder = new();
    private readonly QwenExceptionFactory _errors;
    private readonly string? _requestId;
    private ChatResponseUpdate? _pending;

    public StreamSession(HttpResponseMessage response, Stream body, AttemptScope attempt, QwenExceptionFactory errors)
    {
        _response = response;
        Attempt = attempt;
        _errors = errors;
        _requestId = ResponseHeaders.RequestId(response);
        _events = SseParser.Create(new IdleTimeoutStream(body, attempt), _parser.ParseEvent).EnumerateAsync(attempt.Token).GetAsyncEnumerator(attempt.Token);
    }

    public AttemptScope Attempt { get; }

    /// <summary>Gets how many updates were handed out so far.</summary>
    public int UpdatesHandedOut { get; private set; }

    /// <summary>Gets a value indicating whether the stream has ended (<c>[DONE]</c>, an error, or the end of the body).</summary>
    public bool Ended { get; private set; }

    /// <summary>Reads until the first update exists (or the stream ends), without handing it out: failures up to here can still be retried.</summary>
    public async ValueTask PrimeAsync()
    {
        while (_pending is null && !Ended)
        {
            _pending = await _events.MoveNextAsync().ConfigureAwait(false) ? OnEvent() : OnEnd();
        }
    }

    /// <summary>Hands out the update <see cref="PrimeAsync"/> found, if any.</summary>
    public ChatResponseUpdate? TakePending()
    {
        ChatResponseUpdate? update = _pending;
        _pending = null;
        return update is null ? null : HandOut(update);
    }

    /// <summary>
    /// Moves to the next SSE event. The caller's iterator awaits this directly and then calls <see cref="OnEvent"/> or
    /// <see cref="OnEnd"/>: no async layer of our own sits between the SSE parser and the caller (the two async
    /// methods this replaced took about 8% of the samples in a CPU profile of a long stream).
    /// </summary>
    public ValueTask<bool> MoveNextEventAsync() => _events.MoveNextAsync();

    /// <summary>Turns the current event into an update, or null when it carries nothing to hand out.</summary>
    public ChatResponseUpdate? OnEvent()
    {
        switch (_events.Current.Data)
        {
            case ChunkKind.Chunk:
                return _builder.Build(_parser);
            case ChunkKind.Done:
                Ended = true;
                return _builder.Complete(_parser);
            case ChunkKind.Error:
                Ended = true;
                throw _errors.FromInBandError(_parser.Error, _requestId, nothingYielded: UpdatesHandedOut == 0 && _pending is null);
            default:
                return null;
        }
    }

    /// <summary>The body ended: fine after a finish reason, an interruption otherwise (never reported as success).</summary>
    public ChatResponseUpdate? OnEnd()
    {
        Ended = true;
        if (!_builder.Finished)
        {
            throw Interrupted("The stream ended without [DONE] and without a finish reason: the answer is incomplete.");
        }

        return _builder.Complete(_parser);
    }

    /// <summary>Counts an update that is about to reach the caller.</summary>
    public ChatResponseUpdate HandOut(ChatResponseUpdate update)
    {
        UpdatesHandedOut++;
        return update;
    }

    public QwenStreamInterruptedException Interrupted(string reason, Exception? cause = null)
    {
        var info = new QwenErrorInfo
        {
            Message = $"{reason} {UpdatesHandedOut} update(s) had reached the caller." + (_requestId is null ? string.Empty : $" (request id {_requestId})"),
            RequestId = _requestId,
            StatusCode = _response.StatusCode,
            HttpRequestError = HttpRequestError.ResponseEnded,
        };
        return new QwenStreamInterruptedException(info, UpdatesHandedOut, cause) { IsTransient = UpdatesHandedOut == 0 && _pending is null };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // Disposing an aborted stream can throw; the call's outcome is already decided.
        }

        _parser.Dispose();
        _response.Dispose();
        Attempt.Dispose();
    }
}
