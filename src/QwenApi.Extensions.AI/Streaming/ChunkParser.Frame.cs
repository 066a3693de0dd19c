using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>
/// Chunk after chunk of a stream, only the delta changes: Qwen writes <c>{"choices":[{"delta":</c>, the delta, then the
/// same <c>,"finish_reason":null,"index":0,"logprobs":null}],"object":…,"usage":null,"created":…,"model":…,"id":…}</c>;
/// a proxy that re-serialises in OpenAI's order writes <c>{"id":…,"object":…,"created":…,"model":…,"choices":[{"index":0,"delta":</c>,
/// the delta, then the same <c>,"logprobs":null,"finish_reason":null}]}</c>. So once a chunk has been parsed in full, its
/// <em>frame</em> is kept: the bytes before the delta value (the prefix), the bytes after it (the suffix), and what the
/// frame produced (the finish reason and whether usage was present; id, model, created and the usage numbers stay in
/// their properties). A chunk that starts with the prefix is read only inside its delta; if the bytes after the delta
/// equal the suffix, the chunk is exactly the kept frame around a new delta. Two vectorized compares replace the
/// tokenizing of everything but the delta, in any field order (docs/benchmarks.md has the measurements).
/// <para>
/// Why this is exact. (1) Tokens: the prefix ends right before a value, and a value read whole leaves the reader's
/// container stack as it found it, so prefix and suffix tokenize to the same tokens around any delta, and the delta's
/// tokens are the same whether read in place or alone (its depth limit is lowered by the depth it sits at). (2) Effects:
/// a frame is kept only from a chunk with exactly one <c>choices</c> property holding exactly one element, an object of
/// index 0 with exactly one <c>delta</c>/<c>message</c>, that is not an error and was read to its end. Then the delta is
/// the only source of text, reasoning and tool calls, nothing in the frame can discard or override them, and the
/// frame's other effects (finish reason, usage, id, model, created) do not depend on the delta: they are the kept
/// results. (3) State: every full parse forgets the frame before it starts and keeps its own only when it qualifies,
/// and the fast path changes only per-chunk results, so the properties still hold what the frame set. Anything else is
/// parsed in full.
/// </para>
/// </content>
internal sealed partial class ChunkParser
{
    /// <summary>Frames longer than this are never kept (a chunk's frame is about 240 bytes; usage adds about 150).</summary>
    private const int MaxFrame = 2048;

    /// <summary><see cref="JsonReaderOptions.MaxDepth"/>'s default, which the full parse runs with.</summary>
    private const int DefaultMaxDepth = 64;

    // Prefix then suffix. A plain array: allocated once or twice per stream, reused while it fits.
    private byte[] _frame = [];
    private int _prefixLength = -1;
    private int _suffixLength;
    private int _frameDeltaDepth;
    private string? _frameFinishReason;
    private bool _frameHasUsage;
    private bool _frameOuterExtras;

    // What the running full parse has seen so far, for deciding whether its frame may be kept.
    private int _frameChoicesProperties;
    private int _frameChoiceElements;
    private int _deltaStart;
    private int _deltaEnd;
    private int _deltaDepth;

    /// <summary>Gets how many chunks were read through a kept frame (tests check that the fast path really ran).</summary>
    public int FramesReplayed { get; private set; }

    /// <summary>Reads a chunk through the kept frame when its bytes around the delta are the frame's.</summary>
    private bool TryReadWithFrame(ReadOnlySpan<byte> data)
    {
        int prefix = _prefixLength;
        if (prefix < 0 || data.Length < prefix + _suffixLength || !data.StartsWith(_frame.AsSpan(0, prefix)))
        {
            return false;
        }

        // A reader over the delta value alone: it stops at the delta's end, never looking at the suffix.
        var reader = new Utf8JsonReader(data[prefix..], new JsonReaderOptions { MaxDepth = DefaultMaxDepth - _frameDeltaDepth });
        if (!reader.Read())
        {
            return false;
        }

        string? content = null, reasoning = null;
        bool deltaExtras = false;
        ReadDelta(ref reader, ref content, ref reasoning, ref deltaExtras);
        if (!data[(prefix + (int)reader.BytesConsumed)..].SequenceEqual(_frame.AsSpan(prefix, _suffixLength)))
        {
            ToolCalls.Clear(); // The full parse reads the delta again.
            return false;
        }

        Content = content;
        Reasoning = reasoning;
        FinishReason = _frameFinishReason;
        HasUsage = _frameHasUsage;
        HasExtraFields = _frameOuterExtras || deltaExtras;
        FramesReplayed++;
        return true;
    }

    /// <summary>Called before a full parse: what the properties hold may change, so the kept frame no longer describes them.</summary>
    private void StartFullParse()
    {
        _prefixLength = -1;
        _outerExtras = false;
        _frameChoicesProperties = 0;
        _frameChoiceElements = 0;
        _deltaStart = -1;
    }

    private void ForgetFrame()
    {
        _prefixLength = -1;
        _frame = [];
    }

    /// <summary>Called by the full parse for the one delta of a choice of index 0.</summary>
    private void MarkFrameDelta(int start, int end, int depth)
    {
        _deltaStart = start;
        _deltaEnd = end;
        _deltaDepth = depth;
    }

    /// <summary>Called after a full parse that produced a chunk: keeps its frame when the chunk qualifies.</summary>
    private void KeepFrame(ReadOnlySpan<byte> data)
    {
        int suffix = data.Length - _deltaEnd;
        if (_frameChoicesProperties != 1 || _frameChoiceElements != 1 || _deltaStart < 0 || _deltaStart + suffix > MaxFrame)
        {
            return;
        }

        if (_deltaStart + suffix > _frame.Length)
        {
            // Rounded up so the next frame of a stream (a few bytes longer: a finish reason, other digits) usually fits.
            _frame = new byte[(_deltaStart + suffix + 63) & ~63];
        }

        data[.._deltaStart].CopyTo(_frame);
        data[_deltaEnd..].CopyTo(_frame.AsSpan(_deltaStart));
        _prefixLength = _deltaStart;
        _suffixLength = suffix;
        _frameDeltaDepth = _deltaDepth;
        _frameFinishReason = FinishReason;
        _frameHasUsage = HasUsage;
        _frameOuterExtras = _outerExtras;
    }
}
