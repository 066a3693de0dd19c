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
/// line is read). A whole JSON body is parsed as a <see cref="JsonDocument"/>; one cut at the read limit or by a
/// connection failure, or invalid part way, is rebuilt by <see cref="PartialJson"/> from what arrived, keeping what
/// arrived of a message cut in the middle. <see cref="ErrorDocument"/> then finds the fields.
/// </para>
/// <para>
/// A body that is not JSON (plain text from a proxy: "upstream connect error…") gives its sanitised first 200
/// characters as the message; an HTML page (starts with <c>&lt;</c>) or JSON without any error member gives no
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
            var reader = new Utf8JsonReader(json);
            ParsedError parsed = Read(ref reader, json);
            return parsed.Recognized ? parsed : new ParsedError(null, null, null, null, null, Snippet(body), false);
        }

        string? snippet = Snippet(body);
        bool plainText = json.Length > 0 && trimmed[0] != (byte)'<' && IsText(trimmed[..Math.Min(trimmed.Length, SnippetLength * 4)]);
        return new ParsedError(plainText ? snippet : null, null, null, null, null, snippet, false);
    }

    /// <summary>Reads one <c>{"error":{…}}</c> or other error document; used for in-band stream errors too. Never throws.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out ParsedError parsed)
    {
        parsed = Read(ref reader, default);
        return parsed.Recognized;
    }

    /// <param name="reader">A reader on its final block, before the document.</param>
    /// <param name="data">The bytes <paramref name="reader"/> reads, to recover a string cut where they end; empty for none.</param>
    private static ParsedError Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        Utf8JsonReader start = reader;
        try
        {
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            return ErrorDocument.Read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Cut, invalid part way, or holding a string .NET refuses: read what arrived leniently. Given the bytes, the
            // reader is not on its final block, so it stops where they end instead of throwing.
            reader = data.IsEmpty ? start : new Utf8JsonReader(data, isFinalBlock: false, state: default);
            using JsonDocument? partial = PartialJson.Rebuild(ref reader, data);
            return partial is null ? default : ErrorDocument.Read(partial.RootElement);
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
