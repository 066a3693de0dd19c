using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The exceptions the response readers throw for invalid input: always a <see cref="JsonException"/> whose message names the
/// field and the problem, with at most a short snippet of the value (the transport turns it into a
/// <c>QwenInvalidResponseException</c> carrying this message).
/// </summary>
internal static class JsonFieldErrors
{
    private const int SnippetBytes = 24;

    public static JsonException WrongType(string field, string expected, JsonTokenType actual) =>
        new($"Invalid response: '{field}' must be {expected}, not {Describe(actual)}.");

    public static JsonException WrongType(string field, string expected, JsonValueKind actual) =>
        new($"Invalid response: '{field}' must be {expected}, not {actual.ToString().ToLowerInvariant()}.");

    public static JsonException NotAnInteger(string field, ReadOnlySpan<byte> raw, long min, long max) =>
        new($"Invalid response: '{field}' is {Snippet(raw)}; it must be an integer from {min} to {max}.");

    /// <summary>A string value that could not be decoded: invalid UTF-8 bytes, or an escape that is a lone UTF-16 surrogate.</summary>
    public static JsonException InvalidText(string field, ReadOnlySpan<byte> raw, Exception? inner = null) =>
        Utf8.IsValid(raw)
            ? new($"Invalid response: '{field}' holds a lone UTF-16 surrogate escape that no other half completes.", inner)
            : new($"Invalid response: '{field}' is not valid UTF-8.", inner);

    public static JsonException LoneSurrogate(string field, char surrogate) =>
        new($"Invalid response: '{field}' holds a lone UTF-16 surrogate (\\u{(int)surrogate:x4}) that no other half completes.");

    /// <summary>At most <see cref="SnippetBytes"/> bytes of a value, for a message (numbers are ASCII; anything else is replaced).</summary>
    public static string Snippet(ReadOnlySpan<byte> raw)
    {
        ReadOnlySpan<byte> head = raw[..Math.Min(raw.Length, SnippetBytes)];
        var text = new StringBuilder(head.Length + 1);
        foreach (byte b in head)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return raw.Length > SnippetBytes ? text.Append('…').ToString() : text.ToString();
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
