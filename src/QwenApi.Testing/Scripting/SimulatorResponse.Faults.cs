namespace QwenApi.Testing;

/// <summary>Factories for error statuses and transport faults.</summary>
public sealed partial class SimulatorResponse
{
    /// <summary>
    /// Answers with any status, body and headers, for example 429 with <c>Retry-After</c>, 503, or a 307 with
    /// <c>Location</c>.
    /// </summary>
    /// <param name="statusCode">The HTTP status, 100 to 599.</param>
    /// <param name="body">
    /// The body, sent verbatim; <see langword="null"/> for an OpenAI-style error envelope matching the status
    /// (statuses of 400 and above) or no body (other statuses).
    /// </param>
    /// <param name="headers">Extra response headers, for example <c>Retry-After</c> or <c>retry-after-ms</c>.</param>
    /// <param name="contentType">The <c>Content-Type</c> of the body. Default: <c>application/json</c>.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is outside 100 to 599.</exception>
    public static SimulatorResponse Error(
        int statusCode,
        string? body = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string contentType = "application/json")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var response = new SimulatorResponse(SimulatorResponseKind.Error)
        {
            StatusCode = statusCode, Text = body, ContentType = contentType,
        };
        return headers is null ? response : WithHeaders(headers, response);
    }

    /// <summary>Aborts the connection before any response byte is sent; the client sees a transport error.</summary>
    /// <returns>The scripted response.</returns>
    public static SimulatorResponse ResetBeforeHeaders() => new(SimulatorResponseKind.ResetBeforeHeaders);

    /// <summary>
    /// Reads the request and never sends headers, until the client gives up or the simulator is disposed.
    /// </summary>
    /// <returns>The scripted response.</returns>
    public static SimulatorResponse StallBeforeHeaders() => new(SimulatorResponseKind.StallBeforeHeaders);

    /// <summary>
    /// Sends 200 SSE headers and the first <paramref name="chunks"/> chunks of the default streamed answer, then
    /// nothing, until the client gives up or the simulator is disposed. Always answers as a stream.
    /// </summary>
    /// <param name="chunks">
    /// How many chunks to send (0: headers only). Capped at the chunks before the finish chunk.
    /// </param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    public static SimulatorResponse StallAfterChunks(int chunks) => AfterChunks(SimulatorResponseKind.StallAfterChunks, chunks);

    /// <summary>
    /// Sends the first <paramref name="chunks"/> chunks of the default streamed answer, then drops the connection
    /// mid-body: the client reads those chunks, then gets an <see cref="IOException"/> (the response ended
    /// prematurely). Always answers as a stream.
    /// </summary>
    /// <remarks>
    /// The response declares a <c>Content-Length</c> far beyond what is sent (rather than chunked encoding) and the
    /// connection is closed once the chunks are out. A TCP reset right after the chunks could destroy them in flight,
    /// so a test could not rely on seeing them; this way it can. Use <see cref="ResetBeforeHeaders"/> for a reset.
    /// </remarks>
    /// <param name="chunks">How many chunks to send. Capped at the chunks before the finish chunk.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    public static SimulatorResponse DropAfterChunks(int chunks) => AfterChunks(SimulatorResponseKind.DropAfterChunks, chunks);

    /// <summary>
    /// Sends the first <paramref name="chunks"/> chunks of the default streamed answer, then ends the response
    /// cleanly with no finish reason and no <c>[DONE]</c>: a cut stream. Always answers as a stream.
    /// </summary>
    /// <param name="chunks">How many chunks to send. Capped at the chunks before the finish chunk.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    public static SimulatorResponse CutAfterChunks(int chunks) => AfterChunks(SimulatorResponseKind.CutAfterChunks, chunks);

    /// <summary>
    /// Sends an HTTP 200 stream with the first <paramref name="chunks"/> chunks of the default answer, then
    /// <c>data: {"error":{…},"request_id":…}</c>, then ends the response (no <c>[DONE]</c>), as Qwen's content
    /// filter does. Always answers as a stream.
    /// </summary>
    /// <param name="chunks">How many chunks to send first. Capped at the chunks before the finish chunk.</param>
    /// <param name="code">The error <c>code</c>.</param>
    /// <param name="message">The error <c>message</c>.</param>
    /// <param name="type">The error <c>type</c>.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    public static SimulatorResponse InBandErrorAfterChunks(
        int chunks,
        string code = "data_inspection_failed",
        string message = "Output data may contain inappropriate content.",
        string type = "data_inspection_failed")
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        return new(SimulatorResponseKind.InBandErrorAfterChunks)
        {
            Chunks = chunks, ErrorCode = code, ErrorMessage = message, ErrorType = type,
        };
    }

    /// <summary>
    /// Serves the default answer, waiting <paramref name="interval"/> (on <see cref="QwenSimulatorOptions.TimeProvider"/>)
    /// before every SSE event after the first (<c>[DONE]</c> included). A unary request gets its headers at once and
    /// its body one <paramref name="interval"/> later. Each pause starts before the previous write is flushed: once a
    /// client has read an event (or the headers), advancing a fake clock by <paramref name="interval"/> releases the
    /// next. Waits end when the client disconnects or the simulator is disposed.
    /// </summary>
    /// <param name="interval">The pause between chunks.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is negative.</exception>
    public static SimulatorResponse SlowDrip(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        return new(SimulatorResponseKind.SlowDrip) { Interval = interval };
    }

    private static SimulatorResponse AfterChunks(SimulatorResponseKind kind, int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        return new(kind) { Chunks = chunks };
    }
}
