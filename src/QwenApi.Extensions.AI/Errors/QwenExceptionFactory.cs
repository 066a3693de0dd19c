using System.Globalization;
using System.Net;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Turns a failed response or an in-band error into the typed exception a caller can act on. Every text taken from a
/// response is redacted (the API key becomes <c>***</c>), put on one line without control characters, and shortened:
/// the server's message to <see cref="MaxMessageLength"/> characters, code, type, param and request id to
/// <see cref="MaxFieldLength"/>.
/// </summary>
internal sealed class QwenExceptionFactory
{
    /// <summary>How much of an error body is read: enough for any real error document, bounded against a hostile one.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>The longest server message shown in an exception message.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>The longest code, type, param or request id kept.</summary>
    public const int MaxFieldLength = 200;

    private readonly string _apiKey;

    public QwenExceptionFactory(string apiKey) => _apiKey = apiKey;

    /// <summary>Reads a failed response's body (or the part of it that arrived) into the typed exception.</summary>
    /// <param name="status">The response's status.</param>
    /// <param name="body">The body bytes read, at most <see cref="MaxErrorBodyBytes"/>.</param>
    /// <param name="end">Whether the body is whole, or was cut at the limit or by a connection failure.</param>
    /// <param name="contentEncoding">The response's <c>Content-Encoding</c> when no handler decoded it; the body is then not parsed.</param>
    /// <param name="headerRequestId">The <c>x-request-id</c> header.</param>
    /// <param name="retryAfter">What the server asked to wait.</param>
    public QwenApiException FromResponse(HttpStatusCode status, ReadOnlySpan<byte> body, ErrorBodyEnd end, string? contentEncoding, string? headerRequestId, TimeSpan? retryAfter)
    {
        var notes = new StringBuilder();
        ErrorBodyParser.ParsedError parsed;
        if (contentEncoding is not null)
        {
            // Compressed bytes are neither JSON nor text: parsing them would only print binary or claim "not JSON".
            parsed = new ErrorBodyParser.ParsedError(null, null, null, null, null, null, false);
            notes.Append(CultureInfo.InvariantCulture, $" The error body is compressed (Content-Encoding: {ErrorText.Clean(contentEncoding, MaxFieldLength)}) and was not decompressed; to read it, give the client an HttpClient whose handler sets AutomaticDecompression.");
        }
        else
        {
            parsed = ErrorBodyParser.Parse(body);
        }

        if (end == ErrorBodyEnd.CutAtLimit)
        {
            notes.Append(CultureInfo.InvariantCulture, $" The error body was cut at {MaxErrorBodyBytes / 1024} KiB (it is longer); only its start was read.");
        }
        else if (end == ErrorBodyEnd.CutByConnectionFailure)
        {
            notes.Append(body.IsEmpty
                ? " The connection failed before any of the error body arrived."
                : string.Create(CultureInfo.InvariantCulture, $" The error body was cut by a connection failure after {body.Length} bytes; only what arrived was read."));
        }

        return Create(status, parsed, headerRequestId, retryAfter, end != ErrorBodyEnd.Complete || contentEncoding is not null, notes.ToString());
    }

    /// <summary>
    /// An <c>{"error":…}</c> document inside a 200 response (an SSE event, or a unary body). It is retried only when
    /// nothing reached the caller yet and it is the kind of error that would be retried as an HTTP status: a server error
    /// (no more specific code) or a rate limit. Content-filter, invalid-request, key and billing errors are deterministic
    /// for the same request, so retrying them would only spend quota and time.
    /// </summary>
    public QwenApiException FromInBandError(ErrorBodyParser.ParsedError parsed, string? headerRequestId, bool nothingYielded)
    {
        QwenApiException error = Create(null, parsed, headerRequestId, retryAfter: null);
        // Before any output, retry what another attempt can fix: server and rate-limit errors, and a content-filter
        // verdict, which Qwen gives on sampled output (data_inspection_failed mid-answer) and so can differ next time.
        // Key, billing and invalid-request errors would fail identically: they end the call at once.
        error.IsTransient = nothingYielded
            && (error is QwenServerException or QwenRateLimitException || error is QwenBadRequestException { IsContentFiltered: true });
        return error;
    }

    /// <summary>Builds the typed exception for a parsed error.</summary>
    /// <param name="status">The HTTP status, or <see langword="null"/> for an error inside a 200 response.</param>
    /// <param name="parsed">What the body said, raw: redacted, cleaned and shortened here.</param>
    /// <param name="headerRequestId">The <c>x-request-id</c> header, preferred to the body's.</param>
    /// <param name="retryAfter">What the server asked to wait.</param>
    /// <param name="bodyIncomplete">Whether the body could not be read whole (then a missing message is "could not be read", not "was not returned").</param>
    /// <param name="bodyNotes">Sentences about how the body was read, each starting with a space.</param>
    public QwenApiException Create(HttpStatusCode? status, ErrorBodyParser.ParsedError parsed, string? headerRequestId, TimeSpan? retryAfter, bool bodyIncomplete = false, string? bodyNotes = null)
    {
        string? requestId = Display(string.IsNullOrEmpty(headerRequestId) ? parsed.RequestId : headerRequestId, MaxFieldLength);
        string? code = Display(parsed.Code, MaxFieldLength);
        string? type = Display(parsed.Type, MaxFieldLength);
        string? message = Display(parsed.Message, MaxMessageLength);
        string? snippet = Display(parsed.Snippet, MaxMessageLength);
        var info = new QwenErrorInfo
        {
            StatusCode = status,
            Type = type,
            Code = code,
            Param = Display(parsed.Param, MaxFieldLength),
            RequestId = requestId,
            Snippet = snippet,
            RetryAfter = retryAfter,
            Message = BuildMessage(status, code, message, message is null ? snippet : null, bodyIncomplete, bodyNotes, requestId, retryAfter),
        };

        int numeric = status is null ? 0 : (int)status.Value;
        if (QwenErrorCodes.IsBilling(code) || numeric == 402)
        {
            return new QwenInsufficientCreditsException(info);
        }

        if (numeric is 401 or 403 || (status is null && QwenErrorCodes.IsAuthentication(code)))
        {
            return new QwenAuthenticationException(info);
        }

        if (numeric == 429 || (status is null && QwenErrorCodes.IsRateLimit(code)))
        {
            return new QwenRateLimitException(info);
        }

        // 408 is the server giving up waiting (a transient condition, retried), not a request to fix: typed as a server error.
        if ((numeric is >= 400 and < 500 && numeric != 408)
            || (status is null && (QwenErrorCodes.IsContentFilter(code) || QwenErrorCodes.IsContentFilter(type) || QwenErrorCodes.IsInvalidRequest(code, type))))
        {
            return new QwenBadRequestException(info);
        }

        if (numeric >= 500 || numeric == 408 || status is null)
        {
            return new QwenServerException(info);
        }

        return new QwenApiException(info);
    }

    private string BuildMessage(HttpStatusCode? status, string? code, string? message, string? snippet, bool bodyIncomplete, string? bodyNotes, string? requestId, TimeSpan? retryAfter)
    {
        var text = new StringBuilder();
        if (status is { } s)
        {
            text.Append(CultureInfo.InvariantCulture, $"Qwen API returned HTTP {(int)s} ({s})");
        }
        else
        {
            text.Append("Qwen API reported an error inside the stream");
        }

        if (code is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{code}]");
        }

        text.Append(": ");
        text.Append(message ?? Hint(status) ?? (bodyIncomplete ? "no error message could be read." : "no error message was returned"));
        if (snippet is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Body starts with: \"{snippet}\"");
        }

        // Sentences follow: end the server's message as one, unless it already ends like one (or in a quote or an ellipsis).
        if (!string.IsNullOrEmpty(bodyNotes) || retryAfter is not null)
        {
            if (text[^1] is not ('.' or '!' or '?' or '…' or '"'))
            {
                text.Append('.');
            }
        }

        text.Append(bodyNotes);
        if (retryAfter is { } wait)
        {
            text.Append(CultureInfo.InvariantCulture, $" Retry after {wait.TotalSeconds:0.###} s.");
        }

        if (requestId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (request id {requestId})");
        }

        return Redact(text.ToString())!;
    }

    private static string? Hint(HttpStatusCode? status) => (int?)status switch
    {
        401 => "the API key was rejected; check QwenClientOptions.ApiKey.",
        402 => "insufficient credits; top up your account.",
        403 => "access denied.",
        404 => "not found; check the model id and the endpoint.",
        429 => "rate limit exceeded.",
        >= 500 => "the server failed.",
        _ => null,
    };

    /// <summary>
    /// Redacts, cleans (one line, no control characters) and shortens a text from a response. Redaction runs before and
    /// after cleaning (so a key split by a line break is caught too) and before shortening (so a cut never leaves a key
    /// whole); a cut that ends inside an echoed key drops that key's first characters too.
    /// </summary>
    private string? Display(string? raw, int maxLength)
    {
        string? text = Redact(ErrorText.Clean(Redact(raw), int.MaxValue - 1));
        return string.IsNullOrEmpty(text) ? null : DropKeyPrefixBeforeEllipsis(ErrorText.Clean(text, maxLength)!);
    }

    private string DropKeyPrefixBeforeEllipsis(string text)
    {
        if (_apiKey.Length < 4 || !text.EndsWith('…'))
        {
            return text;
        }

        ReadOnlySpan<char> kept = text.AsSpan(0, text.Length - 1);
        for (int length = Math.Min(_apiKey.Length - 1, kept.Length); length >= 3; length--)
        {
            if (kept.EndsWith(_apiKey.AsSpan(0, length), StringComparison.Ordinal))
            {
                return string.Concat(kept[..^length], "…");
            }
        }

        return text;
    }

    /// <summary>Removes the key wherever a server echoed it back.</summary>
    public string? Redact(string? text) =>
        text is null || _apiKey.Length == 0 || !text.Contains(_apiKey, StringComparison.Ordinal)
            ? text
            : text.Replace(_apiKey, "***", StringComparison.Ordinal);
}
