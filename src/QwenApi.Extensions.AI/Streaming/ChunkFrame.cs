using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Chunk after chunk of a stream, only the delta changes: Qwen writes <c>{"choices":[{"delta":</c>, the delta, then the
/// same <c>,"finish_reason":null,"index":0,"logprobs":null}],"object":…,"usage":null,"created":…,"model":…,"id":…}</c>;
/// a proxy that re-serialises in OpenAI's order writes <c>{"id":…,"object":…,"created":…,"model":…,"choices":[{"index":0,"delta":</c>,
/// the delta, then the same <c>,"logprobs":null,"finish_reason":null}]}</c>. So once a chunk has been parsed in full, its
/// frame is kept: the bytes before the delta value (the prefix), the bytes after it (the suffix), and what the frame
/// produced (the finish reason, whether usage was present, whether it had fields the client does not map; id, model,
/// created and the usage numbers stay in the parser). A chunk that starts with the prefix is read only inside its delta;
/// if the bytes after the delta equal the suffix, the chunk is exactly the kept frame around a new delta, and two
/// vectorized compares have replaced the tokenizing of everything but the delta, in any field order.
/// <para>
/// Why this is exact. (1) Tokens: the prefix ends right before a value, and a value read whole leaves the reader's
/// container stack as it found it, so prefix and suffix tokenize to the same tokens around any delta, and the delta's
/// tokens are the same whether read in place or alone (its depth limit is lowered by the depth it sits at). (2) Effects:
/// a frame is kept only from a chunk with exactly one <c>choices</c> property holding exactly one element, an object of
/// index 0 with exactly one <c>delta</c>/<c>message</c>, that is not an error and was read to its end. Then the delta is
/// the only source of text, reasoning and tool calls, nothing in the frame can discard or override them, and the
/// frame's other effects (finish reason, usage, id, model, created) do not depend on the delta: they are the kept
/// results. (3) State: every full parse forgets the frame before it starts and keeps its own only when it qualifies,
/// and a replay changes only per-chunk results, so the parser still holds what the frame set. Anything else is parsed
/// in full.
/// </para>
/// </summary>
internal struct ChunkFrame
{
    /// <summary>Frames longer than this are never kept; a chunk's frame, usage included, is a few hundred bytes.</summary>
    private const int MaxLength = 2048;

    /// <summary><see cref="JsonReaderOptions.MaxDepth"/>'s default, which the full parse runs with.</summary>
    private const int DefaultMaxDepth = 64;

    // Prefix then suffix. A plain array: allocated once or twice per stream, reused while it fits.
    private byte[]? _bytes;
    private bool _kept;
    private int _prefixLength;
    private int _suffixLength;
    private int _deltaDepth;

    /// <summary>Gets the finish reason of the chunk the frame was kept from.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Gets a value indicating whether that chunk carried usage.</summary>
    public bool HasUsage { get; private set; }

    /// <summary>Gets a value indicating whether that chunk, outside its delta, had a non-null field the client does not map.</summary>
    public bool HasExtraFields { get; private set; }

    /// <summary>Gets how many chunks were read through a kept frame (tests check that the fast path really ran).</summary>
    public int Replayed { get; private set; }

    /// <summary>Reads a chunk through the kept frame when its bytes around the delta are the frame's.</summary>
    /// <returns>Whether it did; if not, nothing was read (<paramref name="toolCalls"/> is as it was) and the chunk needs a full parse.</returns>
    public bool TryReplay(ReadOnlySpan<byte> data, List<ToolCallFragment> toolCalls, out string? content, out string? reasoning, out bool deltaExtras)
    {
        content = reasoning = null;
        deltaExtras = false;
        int prefix = _prefixLength;
        if (!_kept || data.Length < prefix + _suffixLength || !data.StartsWith(_bytes.AsSpan(0, prefix)))
        {
            return false;
        }

        // A reader over the delta value alone: it stops at the delta's end, never looking at the suffix.
        var reader = new Utf8JsonReader(data[prefix..], new JsonReaderOptions { MaxDepth = DefaultMaxDepth - _deltaDepth });
        if (!reader.Read())
        {
            return false;
        }

        ChoiceReader.ReadDelta(ref reader, ref content, ref reasoning, ref deltaExtras, toolCalls);
        if (!data[(prefix + (int)reader.BytesConsumed)..].SequenceEqual(_bytes.AsSpan(prefix, _suffixLength)))
        {
            toolCalls.Clear(); // The full parse reads the delta again.
            return false;
        }

        Replayed++;
        return true;
    }

    /// <summary>Called before a full parse: what the parser holds may change, so the kept frame no longer describes it.</summary>
    public void Forget() => _kept = false;

    /// <summary>Called after a full parse that produced a chunk: keeps its frame when the chunk qualifies.</summary>
    /// <param name="data">The chunk.</param>
    /// <param name="choices">What the full parse read from its choices.</param>
    /// <param name="hasUsage">Whether it carried usage.</param>
    /// <param name="hasExtraFields">Whether, outside its delta, it had a non-null field the client does not map.</param>
    public void Keep(ReadOnlySpan<byte> data, in ChoiceReader choices, bool hasUsage, bool hasExtraFields)
    {
        int prefix = choices.DeltaStart, suffix = data.Length - choices.DeltaEnd;
        if (!choices.IsSingleDelta || prefix + suffix > MaxLength)
        {
            return;
        }

        if (_bytes is null || prefix + suffix > _bytes.Length)
        {
            // Rounded up so the next frame of a stream (a few bytes longer: a finish reason, other digits) usually fits.
            _bytes = new byte[(prefix + suffix + 63) & ~63];
        }

        data[..prefix].CopyTo(_bytes);
        data[choices.DeltaEnd..].CopyTo(_bytes.AsSpan(prefix));
        _kept = true;
        _prefixLength = prefix;
        _suffixLength = suffix;
        _deltaDepth = choices.DeltaDepth;
        FinishReason = choices.FinishReason;
        HasUsage = hasUsage;
        HasExtraFields = hasExtraFields;
    }
}
