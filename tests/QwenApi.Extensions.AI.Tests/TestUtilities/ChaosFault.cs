namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>One injected fault: what the simulator does, how many tokens reach the caller first, and the type it ends in.</summary>
internal sealed record ChaosFault(string Name, SimulatorResponse Response, int TokensBefore, Type FinalType)
{
    public static ChaosFault Random(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return new("reset", SimulatorResponse.ResetBeforeHeaders(), 0, typeof(QwenServerException));
            case 1:
                var headers = random.Next(2) == 0 ? null : new Dictionary<string, string> { ["Retry-After"] = "1" };
                return new("429", SimulatorResponse.Error(429, headers: headers), 0, typeof(QwenRateLimitException));
            case 2:
                return new("503", SimulatorResponse.Error(503), 0, typeof(QwenServerException));
            case 3:
                // Chunk 0 is the role (no update): dropping after 0 or 1 chunks is before output (a server failure, retried),
                // after 2+ is mid-answer (interrupted).
                int chunks = random.Next(6);
                return new($"drop-{chunks}", SimulatorResponse.DropAfterChunks(chunks), Math.Max(0, chunks - 1), chunks <= 1 ? typeof(QwenServerException) : typeof(QwenStreamInterruptedException));
            case 4:
                int cut = random.Next(4);
                return new($"cut-{cut}", SimulatorResponse.CutAfterChunks(cut), Math.Max(0, cut - 1), cut <= 1 ? typeof(QwenServerException) : typeof(QwenStreamInterruptedException));
            default:
                return new("in-band-500", SimulatorResponse.InBandErrorAfterChunks(1, "internal_error", "busy", "internal_error"), 0, typeof(QwenServerException));
        }
    }
}
