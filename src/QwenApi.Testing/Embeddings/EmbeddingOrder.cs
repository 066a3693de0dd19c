namespace QwenApi.Testing;

/// <summary>The order the <c>data</c> items of an embeddings answer are sent in.</summary>
internal static class EmbeddingOrder
{
    /// <summary>
    /// Gets the input positions in sending order: input order, or with <paramref name="shuffle"/> a permutation seeded by
    /// <paramref name="seed"/> that is never input order when there are two inputs or more (so a client that pairs results
    /// by position fails every time, not by chance).
    /// </summary>
    public static int[] Create(int count, bool shuffle, int seed)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        if (!shuffle || count < 2)
        {
            return order;
        }

        new Random(seed).Shuffle(order);
        if (order.SequenceEqual(Enumerable.Range(0, count)))
        {
            Array.Reverse(order);
        }

        return order;
    }
}
