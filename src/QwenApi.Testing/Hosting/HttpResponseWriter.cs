using Microsoft.AspNetCore.Http;

namespace QwenApi.Testing;

/// <summary>Writes status, headers, bodies and SSE events, flushing where the protocol needs it.</summary>
internal static class HttpResponseWriter
{
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Sets the status, <c>Content-Type</c> and extra headers; the extra headers win.</summary>
    public static void Begin(SimulatorExchange exchange, int status, string? contentType, IReadOnlyDictionary<string, string>? headers)
    {
        var response = exchange.Http.Response;
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
    }

    public static async Task WriteBodyAsync(SimulatorExchange exchange, int status, string contentType, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
    {
        // 1xx, 204 and 304 responses cannot have a body (Kestrel refuses one).
        var hasBody = status is >= 200 and not 204 and not 304 && body.Length > 0;
        Begin(exchange, status, hasBody ? contentType : null, headers);
        if (hasBody)
        {
            exchange.Http.Response.ContentLength = body.Length;
            await exchange.Http.Response.Body.WriteAsync(body, exchange.Aborted).ConfigureAwait(false);
        }
    }

    public static Task WriteErrorAsync(SimulatorExchange exchange, RequestError error, IReadOnlyDictionary<string, string>? headers = null) =>
        WriteBodyAsync(exchange, error.StatusCode, "application/json", JsonBytes.Error(error, exchange.RequestId), headers);

    /// <summary>Sends 200 headers for an SSE stream now, before any event.</summary>
    public static async Task StartEventStreamAsync(SimulatorExchange exchange, IReadOnlyDictionary<string, string>? headers)
    {
        Begin(exchange, StatusCodes.Status200OK, "text/event-stream", headers);
        exchange.Http.Response.Headers.CacheControl = "no-cache";
        await exchange.Http.Response.StartAsync(exchange.Aborted).ConfigureAwait(false);
        await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
    }

    /// <summary>Writes <c>data: {payload}\n\n</c>; flushes unless <paramref name="flush"/> is false.</summary>
    public static async Task WriteEventAsync(SimulatorExchange exchange, byte[] payload, bool flush = true)
    {
        var frame = new byte[payload.Length + 8];
        "data: "u8.CopyTo(frame);
        payload.CopyTo(frame, 6);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        await exchange.Http.Response.Body.WriteAsync(frame, exchange.Aborted).ConfigureAwait(false);
        if (flush)
        {
            await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
        }
    }

    public static async Task WriteDoneAsync(SimulatorExchange exchange)
    {
        await exchange.Http.Response.Body.WriteAsync(s_done, exchange.Aborted).ConfigureAwait(false);
        await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="body"/> in pieces of <paramref name="pieceLength"/> bytes, flushing each.</summary>
    public static async Task WriteSplitAsync(SimulatorExchange exchange, byte[] body, int pieceLength)
    {
        await exchange.Http.Response.StartAsync(exchange.Aborted).ConfigureAwait(false);
        for (var offset = 0; offset < body.Length; offset += pieceLength)
        {
            var length = Math.Min(pieceLength, body.Length - offset);
            await exchange.Http.Response.Body.WriteAsync(body.AsMemory(offset, length), exchange.Aborted).ConfigureAwait(false);
            await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the client disconnects or the simulator is disposed; then throws <see cref="OperationCanceledException"/>.</summary>
    public static Task WaitForeverAsync(SimulatorExchange exchange) => Task.Delay(Timeout.InfiniteTimeSpan, exchange.Aborted);
}
