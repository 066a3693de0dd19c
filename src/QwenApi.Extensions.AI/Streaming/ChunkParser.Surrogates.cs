using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>
/// Some servers cut streamed text by UTF-16 units, so a surrogate pair can arrive split across two deltas:
/// <c>"content":"\ud83d"</c> then <c>"content":"\ude00"</c>. A trailing high half of content (or of reasoning) is held
/// back and put in front of the next non-empty piece of the same kind, which must then start with the low half. A half
/// that nothing completes (the next piece does not start with a low half, or the choice finishes, or the stream ends)
/// is a <see cref="JsonException"/>. Strings without lone halves (all but these) pass through two character checks.
/// </content>
internal sealed partial class ChunkParser
{
    private const string ContentField = "choices[].delta.content";
    private const string ReasoningField = "choices[].delta.reasoning_content";

    private char _heldContent;
    private char _heldReasoning;

    /// <summary>Throws when a held-back high surrogate was never completed; called when the choice finishes and when the stream ends.</summary>
    /// <exception cref="JsonException">A high surrogate is still held back.</exception>
    public void ThrowIfSurrogateHeld()
    {
        if (_heldContent != '\0')
        {
            throw JsonFieldErrors.LoneSurrogate(ContentField, _heldContent);
        }

        if (_heldReasoning != '\0')
        {
            throw JsonFieldErrors.LoneSurrogate(ReasoningField, _heldReasoning);
        }
    }

    private void JoinSurrogateHalves()
    {
        Content = Join(Content, ref _heldContent, ContentField);
        Reasoning = Join(Reasoning, ref _heldReasoning, ReasoningField);
        if (FinishReason is not null)
        {
            ThrowIfSurrogateHeld();
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
