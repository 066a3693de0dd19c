using System.Buffers.Text;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Decodes the raw (escaped, valid UTF-8) bytes of a JSON string whose escapes include lone UTF-16 surrogates, which
/// <see cref="System.Text.Json.Utf8JsonReader.GetString"/> refuses. Some servers cut streamed text by UTF-16 units, so a
/// piece may end with the high half of a pair (<c>"\ud83d"</c>) and the next start with the low half (<c>"\ude00"</c>);
/// the stream parser joins them. Only those two edge positions may hold a lone half.
/// </summary>
internal static class JsonStringDecoder
{
    /// <exception cref="System.Text.Json.JsonException">A lone surrogate anywhere but the first (low) or last (high) position.</exception>
    public static string DecodeKeepingEdgeSurrogates(ReadOnlySpan<byte> raw, string field)
    {
        var text = new StringBuilder(raw.Length);
        int i = 0;
        while (i < raw.Length)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            int run = backslash < 0 ? raw.Length - i : backslash;
            text.Append(Encoding.UTF8.GetString(raw.Slice(i, run)));
            i += run;
            if (i == raw.Length)
            {
                break;
            }

            // The reader has already validated every escape, so each is one of \" \\ \/ \b \f \n \r \t \uXXXX.
            byte kind = raw[i + 1];
            if (kind == (byte)'u')
            {
                _ = Utf8Parser.TryParse(raw.Slice(i + 2, 4), out ushort unit, out _, 'X');
                text.Append((char)unit);
                i += 6;
                continue;
            }

            text.Append(kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind,
            });
            i += 2;
        }

        string result = text.ToString();
        for (int c = 0; c < result.Length; c++)
        {
            if (char.IsHighSurrogate(result[c]) && c + 1 < result.Length && char.IsLowSurrogate(result[c + 1]))
            {
                c++;
            }
            else if ((char.IsHighSurrogate(result[c]) && c != result.Length - 1) || (char.IsLowSurrogate(result[c]) && c != 0))
            {
                throw JsonFieldErrors.LoneSurrogate(field, result[c]);
            }
        }

        return result;
    }
}
