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
    private bool _ended;

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

    /// <summary>Reads until the first update exists (or the stream ends), without handing it out: failures up to here can still be retried.</summary>
    public async ValueTask PrimeAsync()
    {
        _pending = await ReadNextAsync().ConfigureAwait(false);
    }

    public async ValueTask<ChatResponseUpdate?> NextAsync()
    {
        ChatResponseUpdate? update;
        if (_pending is not null)
        {
            update = _pending;
            _pending = null;
        }
        else
        {
            update = await ReadNextAsync().ConfigureAwait(false);
        }

        if (update is not null)
        {
            UpdatesHandedOut++;
        }

        return update;
    }

    private async ValueTask<ChatResponseUpdate?> ReadNextAsync()
    {
        while (!_ended)
        {
            if (!await _events.MoveNextAsync().ConfigureAwait(false))
            {
                _ended = true;
                if (!_builder.Finished)
                {
                    throw Interrupted("The stream ended without [DONE] and without a finish reason: the answer is incomplete.");
                }

                return _builder.Complete(_parser);
            }

            switch (_events.Current.Data)
            {
                case ChunkKind.Chunk:
                    if (_builder.Build(_parser) is { } update)
                    {
                        return update;
                    }

                    break;
                case ChunkKind.Done:
                    _ended = true;
                    return _builder.Complete(_parser);
                case ChunkKind.Error:
                    _ended = true;
                    throw _errors.FromInBandError(_parser.Error, _requestId, nothingYielded: UpdatesHandedOut == 0 && _pending is null);
            }
        }

        return null;
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

        _response.Dispose();
        Attempt.Dispose();
    }
}
