using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Some servers cut streamed text by UTF-16 units, so a surrogate pair can arrive split across two deltas:
/// <c>"content":"\ud83d"</c> then <c>"content":"\ude00"</c>. A trailing high half of content (or of reasoning) is held
/// back and put in front of the next non-empty piece of the same kind, which must then start with the low half. A half
/// that nothing completes (the next piece does not start with a low half, or the choice finishes, or the stream ends)
/// is a <see cref="JsonException"/>. Strings without lone halves (all but these) pass through two character checks.
/// </summary>
internal struct HeldSurrogates
{
    private char _content;
    private char _reasoning;

    public string? JoinContent(string? piece) => Join(piece, ref _content, ChoiceReader.ContentField);

    public string? JoinReasoning(string? piece) => Join(piece, ref _reasoning, ChoiceReader.ReasoningField);

    /// <summary>Throws when a held-back high surrogate was never completed; called when the choice finishes and when the stream ends.</summary>
    /// <exception cref="JsonException">A high surrogate is still held back.</exception>
    public readonly void ThrowIfHeld()
    {
        if (_content != '\0')
        {
            throw JsonFieldErrors.LoneSurrogate(ChoiceReader.ContentField, _content);
        }

        if (_reasoning != '\0')
        {
            throw JsonFieldErrors.LoneSurrogate(ChoiceReader.ReasoningField, _reasoning);
        }
    }

    private static string? Join(string? piece, ref char held, string field)
    {
        if (string.IsNullOrEmpty(piece))
        {
            return piece;
        }

        if (held != '\0')
        {
            if (!char.IsLowSurrogate(piece[0]))
            {
                throw JsonFieldErrors.LoneSurrogate(field, held);
            }

            piece = string.Concat(new ReadOnlySpan<char>(in held), piece.AsSpan());
            held = '\0';
        }
        else if (char.IsLowSurrogate(piece[0]))
        {
            throw JsonFieldErrors.LoneSurrogate(field, piece[0]);
        }

        if (char.IsHighSurrogate(piece[^1]))
        {
            held = piece[^1];
            piece = piece[..^1];
        }

        return piece;
    }
}
