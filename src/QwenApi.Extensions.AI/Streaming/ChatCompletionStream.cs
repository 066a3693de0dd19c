using System.Net;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// One open SSE response being turned into updates, for one enumeration of one call. It owns the response, the
/// attempt's timers and the SSE reader (with its buffers) from construction to <see cref="DisposeAsync"/>, and shares
/// none of them. A stream must end with <c>[DONE]</c> or at least a finish reason; anything else is reported as
/// interrupted, never as success.
/// </summary>
internal sealed class ChatCompletionStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<ChunkKind>> _events;
    private readonly ChunkParser _parser;
    private readonly StreamingUpdateBuilder _builder = new();
    private readonly QwenExceptionFactory _errors;
    private readonly string? _requestId;
    private bool _ended;

    /// <param name="response">The response; owned from here on.</param>
    /// <param name="body">Its body, already wrapped in a <see cref="ResponseBodyStream"/> (or a replayed JSON answer).</param>
    /// <param name="attempt">The attempt's scope; owned from here on.</param>
    /// <param name="errors">Builds the typed exceptions.</param>
    /// <param name="rawChunks">Whether every update carries its chunk as <c>RawRepresentation</c> (<see cref="QwenClientOptions.RawStreamingChunks"/>).</param>
    public ChatCompletionStream(HttpResponseMessage response, Stream body, AttemptScope attempt, QwenExceptionFactory errors, bool rawChunks)
    {
        _parser = new ChunkParser(rawChunks);
        _response = response;
        Attempt = attempt;
        _errors = errors;
        _requestId = ResponseHeaders.RequestId(response);
        _events = SseParser.Create(body, _parser.ParseEvent).EnumerateAsync(attempt.Token).GetAsyncEnumerator(attempt.Token);
    }

    public AttemptScope Attempt { get; }

    /// <summary>Gets how many updates <see cref="ReadAsync"/> returned (the first is read before the call is handed to the caller).</summary>
    public int UpdatesRead { get; private set; }

    /// <summary>
    /// Reads events until one yields an update and returns it, or returns <see langword="null"/> when the stream ended
    /// normally. An in-band error, or an end without <c>[DONE]</c> and without a finish reason, throws a typed exception;
    /// anything the network, the SSE parser or the chunk parser throws propagates raw for the transport to translate.
    /// </summary>
    /// <remarks>
    /// Synchronous while the SSE reader has events buffered (most chunks): no async state machine of ours per update,
    /// only when a read has to wait, because an async method here is a measurable share of the per-chunk CPU
    /// (docs/benchmarks.md).
    /// </remarks>
    public ValueTask<ChatResponseUpdate?> ReadAsync()
    {
        while (!_ended)
        {
            ValueTask<bool> move = _events.MoveNextAsync();
            if (!move.IsCompletedSuccessfully)
            {
                return ReadAfterWaitAsync(move);
            }

            if (Map(move.Result) is { } update)
            {
                return new ValueTask<ChatResponseUpdate?>(update);
            }
        }

        return default;
    }

    private async ValueTask<ChatResponseUpdate?> ReadAfterWaitAsync(ValueTask<bool> pending)
    {
        if (Map(await pending.ConfigureAwait(false)) is { } update)
        {
            return update;
        }

        return await ReadAsync().ConfigureAwait(false);
    }

    /// <summary>Maps the event just read (or the end of the body), counting an update it yields.</summary>
    private ChatResponseUpdate? Map(bool hasEvent)
    {
        ChatResponseUpdate? update = hasEvent ? OnEvent(_events.Current.Data) : OnEnd();
        if (update is not null)
        {
            UpdatesRead++;
        }

        return update;
    }

    public QwenStreamInterruptedException Interrupted(string reason, Exception? cause = null)
    {
        var info = new QwenErrorInfo
        {
            Message = $"{reason} {UpdatesRead} update(s) had reached the caller." + (_requestId is null ? string.Empty : $" (request id {_requestId})"),
            RequestId = _requestId,
            StatusCode = _response.StatusCode,
            HttpRequestError = HttpRequestError.ResponseEnded,
        };
        return new QwenStreamInterruptedException(info, UpdatesRead, cause) { IsTransient = UpdatesRead == 0 };
    }

    /// <summary>The body ended before anything was said: a server failure like a dropped connection, retried.</summary>
    private QwenServerException EndedBeforeOutput() => new(new QwenErrorInfo
    {
        Message = "The stream ended before any update, without [DONE] and without a finish reason." + (_requestId is null ? string.Empty : $" (request id {_requestId})"),
        RequestId = _requestId,
        StatusCode = _response.StatusCode,
        HttpRequestError = HttpRequestError.ResponseEnded,
    })
    {
        IsTransient = true,
    };

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
        finally
        {
            _response.Dispose();
            Attempt.Dispose();
        }
    }

    private ChatResponseUpdate? OnEvent(ChunkKind kind)
    {
        switch (kind)
        {
            case ChunkKind.Chunk:
                return _builder.Build(_parser);
            case ChunkKind.Done:
                _ended = true;
                return _builder.Complete(_parser);
            case ChunkKind.Error:
                _ended = true;
                throw _errors.FromInBandError(_parser.Error, _requestId, nothingYielded: UpdatesRead == 0);
            default:
                return null;
        }
    }

    /// <summary>The body ended: fine after a finish reason, an interruption otherwise (never reported as success).</summary>
    private ChatResponseUpdate? OnEnd()
    {
        _ended = true;
        if (!_builder.Finished)
        {
            throw UpdatesRead == 0
                ? EndedBeforeOutput()
                : Interrupted("The stream ended without [DONE] and without a finish reason: the answer is incomplete.");
        }

        return _builder.Complete(_parser);
    }
}
