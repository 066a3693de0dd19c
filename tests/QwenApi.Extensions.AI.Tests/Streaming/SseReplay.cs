using System.Net.ServerSentEvents;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Drives the production parser the way the transport does (<c>SseParser.Create(stream, parser.ParseEvent)</c>, then
/// <see cref="ChunkKind"/>, <c>Build</c>, <c>Complete</c>, <c>Finished</c>, <c>Error</c>), over a stream that returns
/// the bytes in the given read sizes. No HTTP, no timers: every exception is the parser's or the builder's.
/// </summary>
internal static class SseReplay
{
    /// <summary>What a stream produced: its updates, how many chunks the fast path read, and how it ended.</summary>
    public sealed record Result(List<ChatResponseUpdate> Updates, int FramesReplayed, string Ending);

    public static Result Run(string body, params int[] splits) => Run(Encoding.UTF8.GetBytes(body), splits);

    public static Result Run(byte[] body, params int[] splits) => Run(body, splits, new List<ChatResponseUpdate>(), new ChunkParser());

    /// <summary>Like <see cref="Run(byte[], int[])"/>, but a <see cref="System.Text.Json.JsonException"/> ends the stream with the ending "JsonException", keeping the updates before it.</summary>
    public static Result RunCatchingJsonErrors(byte[] body, int[] splits)
    {
        var updates = new List<ChatResponseUpdate>();
        var parser = new ChunkParser();
        try
        {
            return Run(body, splits, updates, parser);
        }
        catch (System.Text.Json.JsonException)
        {
            return new Result(updates, parser.FramesReplayed, "JsonException");
        }
    }

    private static Result Run(byte[] body, int[] splits, List<ChatResponseUpdate> updates, ChunkParser parser)
    {
        var builder = new StreamingUpdateBuilder();
        using var stream = new SplitReadStream(body, splits);
        foreach (SseItem<ChunkKind> item in SseParser.Create(stream, parser.ParseEvent).Enumerate())
        {
            switch (item.Data)
            {
                case ChunkKind.Chunk:
                    Add(updates, builder.Build(parser));
                    break;
                case ChunkKind.Done:
                    Add(updates, builder.Complete(parser));
                    return new Result(updates, parser.FramesReplayed, "done");
                case ChunkKind.Error:
                    return new Result(updates, parser.FramesReplayed, "error:" + parser.Error.Code);
            }
        }

        if (!builder.Finished)
        {
            return new Result(updates, parser.FramesReplayed, "interrupted");
        }

        Add(updates, builder.Complete(parser));
        return new Result(updates, parser.FramesReplayed, "end");
    }

    /// <summary>The body of one SSE event per chunk, then <c>[DONE]</c>.</summary>
    public static string Body(params string[] chunks) => string.Concat(chunks.Select(c => "data: " + c + "\n\n")) + "data: [DONE]\n\n";

    private static void Add(List<ChatResponseUpdate> updates, ChatResponseUpdate? update)
    {
        if (update is not null)
        {
            updates.Add(update);
        }
    }
}
