using System.Text;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A long SSE body made from a recorded stream: its first chunk, then its middle chunks repeated, then its last two
/// (finish and usage) and <c>[DONE]</c>. The first chunk and the finish chunk carry no text in the recordings, so the
/// answer is the recorded text and reasoning repeated exactly <c>times</c> times.
/// </summary>
internal sealed class RepeatedStream
{
    private RepeatedStream(byte[] body, int chunks)
    {
        Body = body;
        Chunks = chunks;
    }

    public byte[] Body { get; }

    /// <summary>Gets the number of JSON chunks, not counting <c>[DONE]</c>.</summary>
    public int Chunks { get; }

    public static RepeatedStream Build(string payloadName, int times)
    {
        string[] events = File.ReadAllText(CorpusFiles.PathOf(payloadName))
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .ToArray();
        var body = new StringBuilder();
        body.Append(events[0]).Append("\n\n");
        for (int i = 0; i < times; i++)
        {
            foreach (string middle in events[1..^2])
            {
                body.Append(middle).Append("\n\n");
            }
        }

        body.Append(events[^2]).Append("\n\n").Append(events[^1]).Append("\n\ndata: [DONE]\n\n");
        return new RepeatedStream(Encoding.UTF8.GetBytes(body.ToString()), 3 + (times * (events.Length - 3)));
    }
}
