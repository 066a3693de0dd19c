using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using QwenApi.Extensions.AI.Tests.Streaming;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Performance;

/// <summary>
/// A CI regression guard that times nothing: it counts the bytes the streaming hot path allocates per chunk
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) on a synchronous in-memory stream, so the result does not depend
/// on the machine's speed or load. See docs/benchmarks.md for the timed, side-by-side numbers.
/// </summary>
public sealed class AllocationGuardTests
{
    private const int Times = 20;

    /// <summary>
    /// What was measured (net10.0, x64): SseParser over a MemoryStream + ChunkParser + StreamingUpdateBuilder, every
    /// update's Text touched. The bytes are what a caller must get per text chunk: the delta string (about 20 chars,
    /// ~60 B), one TextContent or TextReasoningContent, its one-item List and the ChatResponseUpdate; ids, model and
    /// timestamp are shared, not copied. Measured: text 325 B/chunk, reasoning 317 B/chunk (the floor, HttpClient + SseParser + Utf8JsonReader handing
    /// out only the delta string, is ~70 B/chunk).
    /// OpenAIChatClient allocates about 2,600 B/chunk over HTTP (docs/benchmarks.md).
    /// The 400 B bound leaves ~20% headroom for runtime differences; a regression that copies id and model per chunk
    /// (+~150 B) or adds a closure or boxed enumerator per chunk trips it.
    /// </summary>
    /// <remarks>
    /// With <paramref name="openAIOrder"/>, every chunk is first rewritten in OpenAI's property order (id, object, created,
    /// model first; index before delta), as a re-serialising proxy sends it: the fast path must hold for that layout too.
    /// </remarks>
    [Theory]
    [InlineData("alibaba-text.sse", false, 400)]
    [InlineData("alibaba-reasoning.sse", false, 400)]
    [InlineData("alibaba-text.sse", true, 400)]
    [InlineData("alibaba-reasoning.sse", true, 400)]
    public void StreamingHotPath_RecordedStreamRepeated_AllocatesUnderBoundPerChunk(string payloadName, bool openAIOrder, int maxBytesPerChunk)
    {
        var stream = RepeatedStream.Build(payloadName, Times);
        byte[] body = openAIOrder ? Encoding.UTF8.GetBytes(OpenAIOrder.Body(Encoding.UTF8.GetString(stream.Body))) : stream.Body;
        _ = Replay(body, new List<ChatResponseUpdate>(stream.Chunks)); // Warm up: JIT, statics, ArrayPool buckets.
        var updates = new List<ChatResponseUpdate>(stream.Chunks);

        long before = GC.GetAllocatedBytesForCurrentThread();
        (long textLength, int framesReplayed) = Replay(body, updates);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The work was really done: the exact answer, with every piece of metadata, came out.
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllBytes(CorpusFiles.PathOf(payloadName + ".expected.json")));
        JsonElement root = expected.RootElement;
        ChatResponse response = updates.ToChatResponse();
        Assert.Equal(string.Concat(Enumerable.Repeat(root.GetProperty("text").GetString(), Times)), response.Text);
        Assert.Equal(response.Text.Length, textLength);
        Assert.Equal(
            string.Concat(Enumerable.Repeat(root.GetProperty("reasoning").GetString(), Times)),
            string.Concat(response.Messages[0].Contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(root.GetProperty("finish_reason").GetString(), response.FinishReason?.Value);
        Assert.Equal(root.GetProperty("usage").GetProperty("total_tokens").GetInt64(), response.Usage?.TotalTokenCount);
        Assert.All(updates, u => Assert.True(u.ResponseId is not null && u.MessageId is not null && u.ModelId is not null && u.CreatedAt is not null));

        // The CPU guard, without timing: all but a handful of chunks per recorded stream (role, first delta, finish,
        // usage) are read only inside their delta (ChunkFrame); that is what keeps the parse near the floor.
        Assert.True(framesReplayed >= stream.Chunks - (6 * Times), $"{payloadName}: {framesReplayed} of {stream.Chunks} chunks read through the kept frame.");

        long perChunk = allocated / stream.Chunks;
        Assert.True(perChunk <= maxBytesPerChunk, $"{payloadName}: {perChunk} B allocated per chunk ({allocated} B for {stream.Chunks} chunks), bound {maxBytesPerChunk} B.");
    }

    /// <summary>The client's streaming path minus the socket: enumerated synchronously, so every byte is on this thread.</summary>
    private static (long TextLength, int FramesReplayed) Replay(byte[] stream, List<ChatResponseUpdate> updates)
    {
        var parser = new ChunkParser();
        var builder = new StreamingUpdateBuilder();
        long textLength = 0;
        using var body = new MemoryStream(stream, writable: false);
        foreach (SseItem<ChunkKind> item in SseParser.Create(body, parser.ParseEvent).Enumerate())
        {
            ChatResponseUpdate? update = item.Data switch
            {
                ChunkKind.Chunk => builder.Build(parser),
                ChunkKind.Done => builder.Complete(parser),
                _ => null,
            };
            if (update is not null)
            {
                textLength += update.Text.Length;
                updates.Add(update);
            }
        }

        return (textLength, parser.FramesReplayed);
    }
}
