using System.Globalization;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Decodes the content of a JSON string without ever throwing: for a string cut off by the end of the bytes that
/// arrived, and for one <see cref="System.Text.Json.Utf8JsonReader.GetString"/> refuses (a lone surrogate escape such
/// as <c>\ud800</c>). Invalid UTF-8 and lone surrogates become U+FFFD; an escape cut in the middle is dropped.
/// </summary>
internal static class LenientJsonString
{
    /// <summary>Decodes <paramref name="raw"/> (the bytes after the opening quote) up to the closing quote or the end.</summary>
    /// <param name="raw">The string's bytes, escaped as in the JSON text.</param>
    /// <param name="complete"><see langword="true"/> when the closing quote was found.</param>
    public static string Decode(ReadOnlySpan<byte> raw, out bool complete)
    {
        var text = new StringBuilder(Math.Min(raw.Length, 4096));
        complete = false;
        int i = 0;
        while (i < raw.Length)
        {
            int special = raw[i..].IndexOfAny((byte)'"', (byte)'\\');
            int runEnd = special < 0 ? raw.Length : i + special;
            text.Append(Encoding.UTF8.GetString(raw[i..runEnd]));
            i = runEnd;
            if (i >= raw.Length)
            {
                break;
            }

            if (raw[i] == (byte)'"')
            {
                complete = true;
                break;
            }

            // An escape: \x, or \uXXXX (possibly a surrogate pair written as two escapes).
            if (i + 1 >= raw.Length)
            {
                break;
            }

            byte escaped = raw[i + 1];
            if (escaped != (byte)'u')
            {
                text.Append(escaped switch
                {
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    _ => (char)escaped,
                });
                i += 2;
                continue;
            }

            if (!TryHex(raw, i + 2, out char unit))
            {
                break; // Cut (or malformed) \u escape: stop at the last whole character.
            }

            i += 6;
            if (char.IsHighSurrogate(unit) && i + 1 < raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u'
                && TryHex(raw, i + 2, out char low) && char.IsLowSurrogate(low))
            {
                text.Append(unit).Append(low);
                i += 6;
            }
            else
            {
                text.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
            }
        }

        // A multi-byte character cut by the end of the data decodes to U+FFFD: it was not sent whole, so drop it.
        if (!complete && text.Length > 0 && text[^1] == '\uFFFD')
        {
            text.Length--;
        }

        return text.ToString();
    }

    private static bool TryHex(ReadOnlySpan<byte> raw, int start, out char unit)
    {
        unit = default;
        if (start + 4 > raw.Length)
        {
            return false;
        }

        Span<char> digits = stackalloc char[4];
        for (int k = 0; k < 4; k++)
        {
            digits[k] = (char)raw[start + k];
        }

        if (!ushort.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort value))
        {
            return false;
        }

        unit = (char)value;
        return true;
    }
}
