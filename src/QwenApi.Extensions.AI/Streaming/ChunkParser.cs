using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Parses each SSE event straight from the parser's UTF-8 buffer with <see cref="Utf8JsonReader"/>, into fields reused
/// from chunk to chunk. Values that repeat on every chunk (<c>id</c>, <c>model</c>) are compared in place and only
/// allocated when they change, and a chunk whose bytes around its delta repeat those of the last chunk parsed in full is
/// read only inside its delta (<see cref="ChunkFrame"/>). Only choice 0 (by its <c>index</c>) is read
/// (<see cref="ChoiceReader"/>): the client never asks for more.
/// <para>
/// Lenient where the meaning is clear, never silent: <c>null</c> means absent, array elements that are not objects are
/// skipped, an integral <c>index</c> such as <c>0.0</c> is an integer, a text piece cut inside a surrogate pair is joined
/// with the next (<see cref="HeldSurrogates"/>). Anything else that is wrong (a value of the wrong type, a number that is
/// not an integer in range, invalid UTF-8, a lone surrogate, bytes after the root object) is a <see cref="JsonException"/>
/// naming the field.
/// </para>
/// </summary>
internal sealed class ChunkParser
{
    private readonly bool _captureRaw;

    // Mutable structs, held in place and never copied: each keeps its own state from chunk to chunk.
    private ChunkFrame _frame;
    private ChunkUsage _usage;
    private HeldSurrogates _held;

    /// <summary>Initializes a new instance of the <see cref="ChunkParser"/> class.</summary>
    /// <param name="captureRaw">Whether every chunk is kept as <see cref="Raw"/>, not only those with fields the client does not map.</param>
    public ChunkParser(bool captureRaw = false) => _captureRaw = captureRaw;

    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public long? Created { get; private set; }

    public string? Content { get; private set; }

    public string? Reasoning { get; private set; }

    public string? FinishReason { get; private set; }

    public List<ToolCallFragment> ToolCalls { get; } = [];

    /// <summary>Gets a value indicating whether this chunk carried a <c>usage</c> object (<see cref="Usage"/> holds its counts).</summary>
    public bool HasUsage { get; private set; }

    /// <summary>Gets the counts of the last <c>usage</c> object read.</summary>
    public ref readonly ChunkUsage Usage => ref _usage;

    public ErrorBodyParser.ParsedError Error { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the chunk carries a non-null field the client does not map to MEAI types: a
    /// top-level field other than <c>object</c> and <c>system_fingerprint</c> (for example search results), or in choice 0
    /// <c>logprobs</c> or another choice or delta field.
    /// </summary>
    public bool HasExtraFields { get; private set; }

    /// <summary>Gets the chunk as JSON when it has extra fields (or when every chunk is captured), else <see langword="null"/>.</summary>
    public JsonElement? Raw { get; private set; }

    /// <summary>Gets how many chunks were read through a kept frame (tests check that the fast path really ran).</summary>
    public int FramesReplayed => _frame.Replayed;

    /// <summary>The <see cref="System.Net.ServerSentEvents.SseItemParser{T}"/> callback.</summary>
    /// <exception cref="JsonException">The event is not a valid chunk; the message names the field and the problem.</exception>
    public ChunkKind ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ChunkKind.Empty;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return ChunkKind.Done;
        }

        Raw = null;
        ToolCalls.Clear();
        if (_frame.TryReplay(data, ToolCalls, out string? content, out string? reasoning, out bool deltaExtras))
        {
            Content = content;
            Reasoning = reasoning;
            FinishReason = _frame.FinishReason;
            HasUsage = _frame.HasUsage;
            HasExtraFields = _frame.HasExtraFields || deltaExtras;
        }
        else if (!ReadInFull(data))
        {
            return ChunkKind.Error;
        }

        Content = _held.JoinContent(Content);
        Reasoning = _held.JoinReasoning(Reasoning);
        if (FinishReason is not null)
        {
            _held.ThrowIfHeld();
        }

        if (HasExtraFields || _captureRaw)
        {
            // The one copy the caller keeps; only for chunks that carry something the mapped update cannot (or on request).
            var raw = new Utf8JsonReader(data);
            Raw = JsonElement.ParseValue(ref raw);
        }

        return ChunkKind.Chunk;
    }

    /// <summary>Throws when a text piece ended inside a surrogate pair that no later piece completed; called when the stream ends.</summary>
    /// <exception cref="JsonException">A high surrogate is still held back.</exception>
    public void ThrowIfSurrogateHeld() => _held.ThrowIfHeld();

    /// <summary>Parses the whole chunk; returns false when it is an in-band error (<see cref="Error"/> is set).</summary>
    private bool ReadInFull(ReadOnlySpan<byte> data)
    {
        _frame.Forget();
        HasUsage = false;
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Invalid response: a stream chunk must be a JSON object; it starts with \"{JsonFieldErrors.Snippet(data)}\".");
        }

        var choices = default(ChoiceReader);
        bool outerExtras = false; // A top-level field the client does not map (search results, …), part of the frame.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                choices.Read(ref reader, ToolCalls);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                Id = Utf8JsonFields.ReadCachedString(ref reader, Id, "id");
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                Model = Utf8JsonFields.ReadCachedString(ref reader, Model, "model");
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                Created = Utf8JsonFields.ReadInteger(ref reader, "created", long.MinValue, long.MaxValue) ?? Created;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                HasUsage |= _usage.Read(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue; // "error":null means no error, as in a non-streaming body.
                }

                // Re-read the whole event as an error document: it is rare, so clarity beats speed here. The server's own
                // error is worth more to the caller than any complaint about the bytes around it, so they are not checked.
                var errorReader = new Utf8JsonReader(data);
                Error = ErrorBodyParser.TryRead(ref errorReader, out ErrorBodyParser.ParsedError parsed)
                    ? parsed
                    : new ErrorBodyParser.ParsedError(null, null, null, null, null, ErrorBodyParser.Snippet(data), false);
                return false;
            }
            else
            {
                bool ignorable = reader.ValueTextEquals("object"u8) || reader.ValueTextEquals("system_fingerprint"u8);
                reader.Read();
                outerExtras |= !ignorable && reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
        }

        ReadOnlySpan<byte> after = data[(int)reader.BytesConsumed..];
        if (!after.Trim(" \t\r\n"u8).IsEmpty)
        {
            // {…}{"error":…} must not pass as the first object alone.
            throw new JsonException($"Invalid response: a stream chunk has bytes after its root object: \"{JsonFieldErrors.Snippet(after)}\".");
        }

        outerExtras |= choices.ChoiceExtras;
        Content = choices.Content;
        Reasoning = choices.Reasoning;
        FinishReason = choices.FinishReason;
        HasExtraFields = outerExtras || choices.DeltaExtras;
        _frame.Keep(data, in choices, HasUsage, outerExtras);
        return true;
    }
}
