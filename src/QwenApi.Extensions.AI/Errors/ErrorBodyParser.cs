using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads an error body in every shape the proxy sends: the OpenAI envelope <c>{"error":{…},"request_id"?}</c>, the same
/// envelope SSE-framed (<c>data: {"error":…}</c>, as streaming requests get on a 4xx), Alibaba's native
/// <c>{"code","message","request_id"}</c>, and anything else (an HTML gateway page), of which only a short sanitised
/// slice is kept.
/// </summary>
internal static class ErrorBodyParser
{
    private const int SnippetLength = 200;

    public readonly record struct ParsedError(string? Message, string? Type, string? Code, string? Param, string? RequestId, string? Snippet, bool Recognized);

    public static ParsedError Parse(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> json = UnframeSse(body.Trim((byte)' ').Trim("\r\n\t"u8));
        if (json.Length > 0 && json[0] == (byte)'{')
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                if (TryRead(ref reader, out ParsedError parsed))
                {
                    return parsed;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the snippet.
            }
        }

        return new ParsedError(null, null, null, null, null, Snippet(body), false);
    }

    /// <summary>Reads one <c>{"error":{…}}</c> or native error object; used for in-band stream errors too.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out ParsedError parsed)
    {
        string? message = null, type = null, code = null, param = null, requestId = null;
        bool sawError = false;
        parsed = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    sawError = true;
                    ReadErrorObject(ref reader, ref message, ref type, ref code, ref param);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    sawError = true;
                    message ??= reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("request_id"u8) || reader.ValueTextEquals("requestId"u8))
            {
                reader.Read();
                requestId = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code ??= ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message ??= ReadScalar(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Alibaba's native shape has no "error" object but a top-level code and message.
        if (!sawError && (code is null || message is null))
        {
            return false;
        }

        parsed = new ParsedError(message, type, code, param, requestId, null, true);
        return true;
    }

    private static void ReadErrorObject(ref Utf8JsonReader reader, ref string? message, ref string? type, ref string? code, ref string? param)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("param"u8))
            {
                reader.Read();
                param = ReadScalar(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static string? ReadScalar(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    /// <summary>Returns the payload of the first <c>data:</c> line when the body is SSE-framed, else the body.</summary>
    private static ReadOnlySpan<byte> UnframeSse(ReadOnlySpan<byte> body)
    {
        while (body.Length > 0 && (body[0] == (byte)':' || body.StartsWith("event:"u8) || body.StartsWith("id:"u8)))
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

        string text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, SnippetLength * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, SnippetLength + 1));
        bool lastWasSpace = false;
        foreach (char c in text)
        {
            char normalized = char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c;
            if (normalized == ' ' && (lastWasSpace || builder.Length == 0))
            {
                continue;
            }

            builder.Append(normalized);
            lastWasSpace = normalized == ' ';
            if (builder.Length >= SnippetLength)
            {
                builder.Append('…');
                break;
            }
        }

        return builder.ToString().TrimEnd();
    }
}
