namespace QwenApi.Testing;

/// <summary>
/// Splits text into the simulator's tokens: words with their trailing whitespace (leading whitespace joins the
/// first token), so joining the tokens gives back the exact text.
/// </summary>
internal static class SimulatorTokenizer
{
    public static IReadOnlyList<string> Split(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && char.IsWhiteSpace(text[end]) && start == 0)
            {
                end++;
            }

            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            tokens.Add(text[start..end]);
            start = end;
        }

        return tokens;
    }

    /// <summary>
    /// Splits JSON text (which has no spaces to split at) into pieces of at most eight characters, never inside a
    /// surrogate pair, so a streamed JSON answer arrives in many <c>content</c> fragments.
    /// </summary>
    public static IReadOnlyList<string> SplitJson(string text)
    {
        const int PieceLength = 8;
        var tokens = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + PieceLength);
            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }

            tokens.Add(text[start..end]);
            start = end;
        }

        return tokens;
    }
}
