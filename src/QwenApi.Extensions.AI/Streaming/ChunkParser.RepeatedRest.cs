using System.Buffers;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <content>
/// Qwen writes every text, reasoning and tool-call chunk of a stream as <c>{"choices":[{"delta":{…}</c> followed by the
/// same bytes chunk after chunk: <c>,"finish_reason":null,"index":0,"logprobs":null}],"object":"chat.completion.chunk",
/// "usage":null,"created":…,"system_fingerprint":null,"model":…,"id":…}</c>. Only the delta changes. So once a chunk
/// has been parsed in full, the bytes after its delta (the "rest") are kept with what parsing them produced: the
/// finish reason and whether usage was present (id, model, created and the usage numbers stay in their properties).
/// The next chunk reads only its delta; if the bytes after it equal the kept rest (one vectorized compare), parsing
/// them again would produce exactly the kept results, so they are not parsed. This is what brings the parse close to
/// the floor's, which stops at the first string (docs/benchmarks.md has the measurements).
/// <para>
/// Exactness rests on three rules. A rest is kept only from a chunk whose delta is the first property of the only
/// choice, whose index is 0, whose choice has one delta, and that is not an error: then the rest sets nothing but the
/// finish reason, usage, id, model and created. Every full parse forgets the kept rest before it starts and keeps its
/// own only when it qualifies, so the properties always hold what the kept rest set. Anything else is parsed in full.
/// </para>
/// </content>
internal sealed partial class ChunkParser
{
    /// <summary>Rests longer than this are never kept (a chunk's rest is about 220 bytes; usage adds about 150).</summary>
    private const int MaxRest = 1024;

    private byte[] _rest = [];
    private int _restLength = -1;
    private string? _restFinishReason;
    private bool _restHasUsage;

    /// <summary>Gets how many chunks were read through a kept rest (tests check that the fast path really ran).</summary>
    public int RestsReplayed { get; private set; }

    // Set by a full parse: where the rest begins while this chunk still qualifies, else -1.
    private int _restStart;

    /// <summary>Reads the delta of a chunk in Qwen's layout and, when the bytes after it repeat the kept rest, the whole chunk.</summary>
    private bool TryReadWithRepeatedRest(ReadOnlySpan<byte> data)
    {
        if (_restLength < 0)
        {
            return false;
        }

        // Qwen's chunks begin with these exact bytes; matching them directly spares tokenizing five tokens. Any other
        // spelling of the same start (white space, other order) is simply parsed in full.
        ReadOnlySpan<byte> start = """{"choices":[{"delta":"""u8;
        if (!data.StartsWith(start))
        {
            return false;
        }

        // A reader over the delta value alone: it stops at the delta's end, never looking at the rest.
        var reader = new Utf8JsonReader(data[start.Length..]);
        if (!reader.Read())
        {
            return false;
        }

        string? content = null, reasoning = null;
        ReadDelta(ref reader, ref content, ref reasoning);
        if (!data[(start.Length + (int)reader.BytesConsumed)..].SequenceEqual(_rest.AsSpan(0, _restLength)))
        {
            ToolCalls.Clear(); // The full parse reads the delta again.
            return false;
        }

        Content = content;
        Reasoning = reasoning;
        FinishReason = _restFinishReason;
        HasUsage = _restHasUsage;
        RestsReplayed++;
        return true;
    }

    /// <summary>Called before a full parse: what the properties hold may change, so the kept rest no longer describes them.</summary>
    private void StartFullParse()
    {
        _restLength = -1;
        _restStart = -1;
    }

    /// <summary>Returns the pooled rest buffer; the parser keeps no rest afterwards.</summary>
    public void Dispose()
    {
        _restLength = -1;
        ReturnRest();
    }

    private void ReturnRest()
    {
        if (_rest.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_rest);
            _rest = [];
        }
    }

    /// <summary>Called by the full parse right after the delta of the first choice, when both came first.</summary>
    private void MarkRestStart(int position) => _restStart = position;

    private void DisqualifyRest() => _restStart = -1;

    /// <summary>Called after a full parse that produced a chunk: keeps its rest when the chunk qualifies.</summary>
    private void KeepRest(ReadOnlySpan<byte> data)
    {
        if (_restStart < 0 || data.Length - _restStart > MaxRest)
        {
            return;
        }

        ReadOnlySpan<byte> rest = data[_restStart..];
        if (rest.Length > _rest.Length)
        {
            // Once or twice per stream (the plain rest, then a longer one); pooled, as a short stream would otherwise
            // allocate it anew per call. Returned by Dispose.
            ReturnRest();
            _rest = ArrayPool<byte>.Shared.Rent(Math.Max(rest.Length, 256));
        }

        rest.CopyTo(_rest);
        _restLength = rest.Length;
        _restFinishReason = FinishReason;
        _restHasUsage = HasUsage;
    }
}
