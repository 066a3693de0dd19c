using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads an error body in every shape the proxy, Qwen or a gateway in front of them sends, and never throws.
/// </summary>
/// <remarks>
/// <para>
/// The body may be SSE-framed (<c>data: {"error":…}</c>, as streaming requests get on a 4xx: the first <c>data:</c>
/// line is read) and may be only a prefix of the real body (cut at the read limit or by a connection failure): JSON is
/// always read leniently, keeping every member that arrived and what arrived of a string cut in the middle. A top-level
/// array is a list of error documents: the first one that says anything is read.
/// </para>
/// <para>
/// Precedence, first found wins. The <b>message</b>: the <c>error</c> object's <c>message</c>, then that of an
/// <c>error</c> object nested inside it (<c>{"error":{"error":{…}}}</c>, one level); then their <c>detail</c>,
/// <c>errors</c>, <c>msg</c>, <c>error_msg</c>, <c>error_message</c>, <c>error_description</c> or string <c>error</c>;
/// then the top-level <c>message</c> (Alibaba's native <c>{"code","message","request_id"}</c>), written
/// <c>"&lt;error&gt;: &lt;message&gt;"</c> when a string <c>error</c> sits beside it (<c>{"error":"TypeError","message":…}</c>);
/// then the top-level string <c>error</c>; then the top-level <c>detail</c> (a string, or FastAPI's
/// <c>[{"loc":[…],"msg":…}]</c> as <c>"body.messages: field required"</c>), <c>errors</c> (<c>[{"message":…}]</c>),
/// <c>msg</c>, <c>error_msg</c>, <c>error_message</c>, <c>error_description</c>. Lists are joined with <c>"; "</c>
/// (at most 10 items). The <b>code</b>, <b>type</b> and <b>param</b>: the <c>error</c> object's, then the nested one's,
/// then the top level's (<c>code</c>, <c>error_code</c>; numbers kept as written). The <b>request id</b>: the top level's
/// <c>request_id</c>, then the error objects'.
/// </para>
/// <para>
/// A body that is not JSON (plain text from a proxy: "upstream connect error…") gives its sanitised first 200
/// characters as the message; an HTML page (starts with <c>&lt;</c>) or JSON without any of these members gives no
/// message, only the <see cref="ParsedError.Snippet"/>. Values are returned raw: the factory redacts, sanitises and
/// shortens them for display.
/// </para>
/// </remarks>
internal static class ErrorBodyParser
{
    private const int SnippetLength = 200;

    public readonly record struct ParsedError(string? Message, string? Type, string? Code, string? Param, string? RequestId, string? Snippet, bool Recognized);

    public static ParsedError Parse(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> trimmed = Trim(body);
        ReadOnlySpan<byte> json = Trim(UnframeSse(trimmed));
        if (json.Length > 0 && json[0] is (byte)'{' or (byte)'[' or (byte)'"')
        {
            var document = new ErrorDocumentReader();
            try
            {
                var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
                document.ReadDocument(ref reader);
                if (document.CutValue is { } cut && document.CutValueOffset >= 0)
                {
                    Salvage(json[(int)Math.Min(document.CutValueOffset, json.Length)..], cut.Target, cut.Slot);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
            {
                // Invalid JSON after some members: keep what was read before it.
            }

            ParsedError parsed = Resolve(document.Top);
            if (parsed.Recognized)
            {
                return parsed;
            }

            return new ParsedError(null, null, null, null, null, Snippet(body), false);
        }

        string? snippet = Snippet(body);
        bool plainText = json.Length > 0 && trimmed[0] != (byte)'<' && IsText(trimmed[..Math.Min(trimmed.Length, SnippetLength * 4)]);
        return new ParsedError(plainText ? snippet : null, null, null, null, null, snippet, false);
    }

    /// <summary>Reads one <c>{"error":{…}}</c> or other error document; used for in-band stream errors too. Never throws.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out ParsedError parsed)
    {
        var document = new ErrorDocumentReader();
        try
        {
            document.ReadDocument(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Keep what was read before the invalid part.
        }

        parsed = Resolve(document.Top);
        return parsed.Recognized;
    }

    private static ParsedError Resolve(ErrorFields top)
    {
        ErrorFields? error = top.Error;
        ErrorFields? inner = error?.Error;
        string? topMessage = top.Message is null ? null
            : top.ErrorText is { Length: > 0 } kind && !top.Message.StartsWith(kind, StringComparison.Ordinal) ? $"{kind}: {top.Message}"
            : top.Message;
        string? message = error?.Message ?? inner?.Message
            ?? error?.OtherMessage ?? error?.ErrorText ?? inner?.OtherMessage ?? inner?.ErrorText
            ?? topMessage ?? top.ErrorText ?? top.OtherMessage;
        string? code = error?.Code ?? inner?.Code ?? top.Code;
        string? type = error?.Type ?? inner?.Type ?? top.Type;
        string? param = error?.Param ?? inner?.Param ?? top.Param;
        string? requestId = top.RequestId ?? error?.RequestId ?? inner?.RequestId;
        bool recognized = message is not null || code is not null || type is not null || error is not null;
        return new ParsedError(message, type, code, param, requestId, null, recognized);
    }

    /// <summary>Decodes what arrived of a string value cut by the end of the data, marking the cut with an ellipsis.</summary>
    private static void Salvage(ReadOnlySpan<byte> rest, ErrorFields target, int slot)
    {
        // The reader may or may not have consumed the colon after the member name.
        rest = rest.TrimStart(" \t\r\n"u8);
        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            rest = rest[1..].TrimStart(" \t\r\n"u8);
        }

        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return;
        }

        string text = LenientJsonString.Decode(rest[1..], out bool complete);
        if (text.Length > 0)
        {
            ErrorDocumentReader.Store(target, slot, complete ? text : text + "…");
        }
    }

    /// <summary>
    /// Whether a prefix is readable text: valid UTF-8 (but for a character cut at its end) and no control bytes other than
    /// white space and ESC (terminal colours in a proxy's log-like text).
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> prefix)
    {
        foreach (byte b in prefix)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x1B)) || b == 0x7F)
            {
                return false;
            }
        }

        for (int cut = 0; cut <= 3 && cut <= prefix.Length; cut++)
        {
            if (Utf8.IsValid(prefix[..^cut]))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        return body.Trim(" \r\n\t"u8);
    }

    /// <summary>Returns the payload of the first <c>data:</c> line when the body is SSE-framed, else the body.</summary>
    private static ReadOnlySpan<byte> UnframeSse(ReadOnlySpan<byte> body)
    {
        while (body.Length > 0 && (body[0] == (byte)':' || body.StartsWith("event:"u8) || body.StartsWith("id:"u8) || body.StartsWith("retry:"u8)))
        {
            int eol = body.IndexOfAny((byte)'\n', (byte)'\r');
            if (eol < 0)
            {
                return default;
            }

            body = body[(eol + 1)..].TrimStart("\r\n"u8);
        }

        if (!body.StartsWith("data:"u8))
        {
            return body;
        }

        body = body[5..];
        if (body.Length > 0 && body[0] == (byte)' ')
        {
            body = body[1..];
        }

        int end = body.IndexOfAny((byte)'\n', (byte)'\r');
        return end < 0 ? body : body[..end];
    }

    /// <summary>A short, single-line slice of a body with control characters removed.</summary>
    internal static string? Snippet(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        // Only the first bytes are decoded; a longer body is marked as cut, like a long text is by Clean.
        string text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, SnippetLength * 4)]);
        string? snippet = ErrorText.Clean(text, SnippetLength);
        return body.Length > SnippetLength * 4 && snippet is { Length: > 0 } && !snippet.EndsWith('…') ? snippet + "…" : snippet;
    }
}
