namespace QwenApi.Extensions.AI;

/// <summary>The answer to one embeddings request: its vectors in input order (already matched by <c>data[].index</c>).</summary>
internal sealed class EmbeddingBatch
{
    /// <summary>The result of a 2xx body that holds an <c>{"error":…}</c> document instead of a list.</summary>
    public static readonly EmbeddingBatch ErrorDocument = new([], null, null, null);

    public EmbeddingBatch(float[][] vectors, string? model, long? promptTokens, long? totalTokens)
    {
        Vectors = vectors;
        Model = model;
        PromptTokens = promptTokens;
        TotalTokens = totalTokens;
    }

    /// <summary>Gets one vector per input of the request, at the input's position.</summary>
    public float[][] Vectors { get; }

    public string? Model { get; }

    public long? PromptTokens { get; }

    public long? TotalTokens { get; }
}
