namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Builds embedding generators pointed at a running simulator, and the inputs the batching tests send.</summary>
internal static class EmbeddingClients
{
    public static QwenEmbeddingGenerator For(QwenSimulator simulator, Action<QwenClientOptions>? configure = null, TimeProvider? time = null)
    {
        QwenClientOptions options = time is null ? TestClients.Options(simulator).ShippedTimeouts() : TestClients.Options(simulator, time);
        configure?.Invoke(options);
        return new QwenEmbeddingGenerator(options);
    }

    /// <summary><paramref name="count"/> distinct inputs <c>doc-000 …</c>: three digits, so no input's text contains another's.</summary>
    public static string[] Docs(int count) => [.. Enumerable.Range(0, count).Select(i => $"doc-{i:000} about topic {i}")];

    /// <summary>The <c>input</c> arrays of the embeddings requests the simulator received, in the order it received them.</summary>
    public static List<string[]> Batches(QwenSimulator simulator) =>
        [.. simulator.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal))
            .Select(r => r.Json!.Value.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToArray())];

    public static double Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a.Span[i] * b.Span[i];
            na += a.Span[i] * a.Span[i];
            nb += b.Span[i] * b.Span[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
