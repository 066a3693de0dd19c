using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>Makes text from a response safe to show in one line of an exception message or a log.</summary>
internal static class ErrorText
{
    /// <summary>
    /// Replaces control and white-space characters (line breaks, ANSI escapes, NUL) with single spaces, lone surrogates
    /// with U+FFFD, trims, and cuts to <paramref name="maxLength"/> characters plus an ellipsis.
    /// </summary>
    public static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        bool lastWasSpace = true; // drops leading spaces
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }

            lastWasSpace = false;
        }

        int end = builder.Length;
        while (end > 0 && builder[end - 1] == ' ')
        {
            end--;
        }

        return builder.ToString(0, end);
    }
}
