using System.Text;

namespace QwenApi.Testing;

/// <summary>
/// A scripted answer for one request, queued with <see cref="QwenSimulator.Enqueue(SimulatorResponse)"/>.
/// Create one with the static factories. A scripted response is served whatever the request's key, path or body
/// (authentication and validation are skipped), and the request is still recorded.
/// </summary>
public sealed partial class SimulatorResponse
{
    private static readonly IReadOnlyDictionary<string, string> s_noHeaders = new Dictionary<string, string>();

    private SimulatorResponse(SimulatorResponseKind kind) => Kind = kind;

    internal SimulatorResponseKind Kind { get; }

    internal string? Text { get; private init; }

    internal string? Reasoning { get; private init; }

    internal IReadOnlyList<SimulatorToolCall> Calls { get; private init; } = [];

    internal byte[] Body { get; private init; } = [];

    internal string ContentType { get; private init; } = "application/json";

    internal int? SplitEveryBytes { get; private init; }

    internal int StatusCode { get; private init; } = 200;

    internal IReadOnlyDictionary<string, string> Headers { get; private init; } = s_noHeaders;

    internal int Chunks { get; private init; }

    internal string ErrorCode { get; private init; } = string.Empty;

    internal string ErrorMessage { get; private init; } = string.Empty;

    internal string ErrorType { get; private init; } = string.Empty;

    internal TimeSpan Interval { get; private init; }

    /// <summary>
    /// Answers with <paramref name="text"/>, streamed or unary as the request asks, with the usual chunk layout,
    /// usage and <c>max_tokens</c> truncation.
    /// </summary>
    /// <param name="text">The answer text.</param>
    /// <param name="reasoning">
    /// Reasoning emitted before the answer; <see langword="null"/> keeps the default (reasoning only when the request
    /// sets <c>enable_thinking</c>).
    /// </param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static SimulatorResponse Answer(string text, string? reasoning = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(SimulatorResponseKind.Answer) { Text = text, Reasoning = reasoning };
    }

    /// <summary>Answers with these tool calls (finish reason <c>tool_calls</c>), streamed or unary as the request asks.</summary>
    /// <param name="calls">The calls, given index 0, 1, … in this order.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentException"><paramref name="calls"/> is empty or holds <see langword="null"/>.</exception>
    public static SimulatorResponse ToolCalls(params SimulatorToolCall[] calls) => ToolCalls(string.Empty, calls);

    /// <summary>Answers with <paramref name="text"/> first, then these tool calls (finish reason <c>tool_calls</c>).</summary>
    /// <param name="text">Text sent before the calls (the unary <c>content</c>); empty for none.</param>
    /// <param name="calls">The calls, given index 0, 1, … in this order.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentException"><paramref name="calls"/> is empty or holds <see langword="null"/>.</exception>
    public static SimulatorResponse ToolCalls(string text, params SimulatorToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Length == 0 || Array.Exists(calls, c => c is null))
        {
            throw new ArgumentException("At least one tool call is required, and none may be null.", nameof(calls));
        }

        return new(SimulatorResponseKind.ToolCalls) { Text = text, Calls = [.. calls] };
    }

    /// <summary>
    /// Sends <paramref name="body"/> verbatim (UTF-8) with status 200, for example a recorded SSE stream.
    /// </summary>
    /// <param name="body">The response body.</param>
    /// <param name="contentType">The <c>Content-Type</c> header, for example <c>text/event-stream</c>.</param>
    /// <param name="splitEveryBytes">When set, writes and flushes the body in pieces of this many bytes.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="splitEveryBytes"/> is less than 1.</exception>
    public static SimulatorResponse Replay(string body, string contentType, int? splitEveryBytes = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ReplayBytes(Encoding.UTF8.GetBytes(body), contentType, splitEveryBytes);
    }

    /// <summary>
    /// Sends a file's bytes verbatim with status 200: <c>.sse</c> as <c>text/event-stream</c>, <c>.json</c> as
    /// <c>application/json</c>. The file is read now.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="splitEveryBytes">When set, writes and flushes the body in pieces of this many bytes.</param>
    /// <returns>The scripted response.</returns>
    /// <exception cref="ArgumentException">The extension is neither <c>.sse</c> nor <c>.json</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SimulatorResponse ReplayFile(string path, int? splitEveryBytes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path);
        var contentType =
            extension.Equals(".sse", StringComparison.OrdinalIgnoreCase) ? "text/event-stream" :
            extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" :
            throw new ArgumentException($"Cannot tell the content type of '{path}': use Replay with an explicit one.", nameof(path));
        return ReplayBytes(File.ReadAllBytes(path), contentType, splitEveryBytes);
    }

    /// <summary>
    /// Serves the default answer with extra response headers, or adds them to <paramref name="response"/>.
    /// </summary>
    /// <param name="headers">Headers to add; they replace headers of the same name.</param>
    /// <param name="response">The response to extend; <see langword="null"/> for the default answer.</param>
    /// <returns>A new scripted response.</returns>
    public static SimulatorResponse WithHeaders(IReadOnlyDictionary<string, string> headers, SimulatorResponse? response = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response?.Headers ?? s_noHeaders)
        {
            merged[name] = value;
        }

        foreach (var (name, value) in headers)
        {
            merged[name] = value;
        }

        return (response ?? new SimulatorResponse(SimulatorResponseKind.Default)).With(merged);
    }

    private static SimulatorResponse ReplayBytes(byte[] body, string contentType, int? splitEveryBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        if (splitEveryBytes is { } split)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(split, 1, nameof(splitEveryBytes));
        }

        return new(SimulatorResponseKind.Replay) { Body = body, ContentType = contentType, SplitEveryBytes = splitEveryBytes };
    }

    private SimulatorResponse With(IReadOnlyDictionary<string, string> headers) => new(Kind)
    {
        Text = Text, Reasoning = Reasoning, Calls = Calls, Body = Body, ContentType = ContentType,
        SplitEveryBytes = SplitEveryBytes, StatusCode = StatusCode, Headers = headers, Chunks = Chunks,
        ErrorCode = ErrorCode, ErrorMessage = ErrorMessage, ErrorType = ErrorType, Interval = Interval,
    };
}
