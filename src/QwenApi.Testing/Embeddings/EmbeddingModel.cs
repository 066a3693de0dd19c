namespace QwenApi.Testing;

/// <summary>
/// What Qwen's compatible mode allows an embedding model (docs/embeddings-protocol.md): inputs per request, tokens per
/// input and output dimensions.
/// </summary>
/// <param name="Name">The model name, as sent in <c>model</c>.</param>
/// <param name="MaxInputs">The most inputs one request may carry.</param>
/// <param name="MaxTokensPerInput">The most tokens one input may have.</param>
/// <param name="DefaultDimensions">The dimensions when the request sends none.</param>
/// <param name="AllowedDimensions">The <c>dimensions</c> values accepted, largest first; empty when the model ignores the field.</param>
internal sealed record EmbeddingModel(string Name, int MaxInputs, int MaxTokensPerInput, int DefaultDimensions, int[] AllowedDimensions)
{
    // v3 keeps the stricter list (Qwen Cloud's reference; some regional pages add 256, 128, 64) so a client tested here
    // works everywhere.
    private static readonly EmbeddingModel[] s_models =
    [
        new("text-embedding-v4", 10, 8192, 1024, [2048, 1536, 1024, 768, 512, 256, 128, 64]),
        new("text-embedding-v3", 10, 8192, 1024, [1024, 768, 512]),
        new("text-embedding-v2", 25, 2048, 1536, []),
        new("text-embedding-v1", 25, 2048, 1536, []),
    ];

    /// <summary>Gets the model named <paramref name="name"/> (case-sensitive, as Qwen's names are), or <see langword="null"/>.</summary>
    public static EmbeddingModel? Find(string? name) => Array.Find(s_models, m => m.Name == name);

    /// <summary>Gets the dimensions to answer with: the requested ones where the model takes them, else the default.</summary>
    public int DimensionsFor(int? requested) => AllowedDimensions.Length > 0 && requested is { } value ? value : DefaultDimensions;
}
