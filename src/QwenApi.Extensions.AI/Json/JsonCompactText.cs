using System.Text;
using System.Text.Unicode;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The compact text of a JSON object or array, for tool-call <c>arguments</c> that a server sends as JSON rather than as
/// JSON text. The stream and the unary reader both use it, so both give the same string: the value's own bytes with the
/// white space between tokens removed (escapes inside strings are kept exactly as sent).
/// </summary>
internal static class JsonCompactText
{
    /// <param name="raw">The value's bytes, already validated as JSON by the reader.</param>
    /// <param name="field">The field, for the error.</param>
    /// <exception cref="System.Text.Json.JsonException">The bytes are not valid UTF-8.</exception>
    public static string FromRaw(ReadOnlySpan<byte> raw, string field)
    {
        if (!Utf8.IsValid(raw))
        {
            throw JsonFieldErrors.InvalidText(field, raw);
        }

        byte[] compact = new byte[raw.Length];
        int length = 0;
        bool inString = false, escaped = false;
        foreach (byte b in raw)
        {
            if (inString)
            {
                inString = escaped || b != (byte)'"';
                escaped = !escaped && b == (byte)'\\';
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            else
            {
                inString = b == (byte)'"';
            }

            compact[length++] = b;
        }

        return Encoding.UTF8.GetString(compact, 0, length);
    }
}
