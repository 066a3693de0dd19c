namespace QwenApi.Extensions.AI;

/// <summary>What each embedding model takes per request and returns by default (docs/embeddings-protocol.md, sources A–D).</summary>
internal static class EmbeddingModelLimits
{
    /// <summary>
    /// The most inputs one request may carry: 10 for <c>text-embedding-v3</c> and <c>-v4</c> (more gets Qwen's 400 "batch
    /// size is invalid, it should not be larger than 10"), 25 for <c>-v1</c> and <c>-v2</c>, and 10 for any other model,
    /// the smallest documented limit, so an unknown model is never sent a batch it may refuse.
    /// </summary>
    public static int MaxInputsPerRequest(string model) => model switch
    {
        "text-embedding-v1" or "text-embedding-v2" => 25,
        _ => 10,
    };

    /// <summary>
    /// The vector length the model returns when no <c>dimensions</c> is sent (v1 and v2 return 1,536 whatever is sent: they
    /// ignore the field), or <see langword="null"/> for a model the client does not know.
    /// </summary>
    public static int? DefaultDimensions(string model) => model switch
    {
        "text-embedding-v3" or "text-embedding-v4" => 1024,
        "text-embedding-v1" or "text-embedding-v2" => 1536,
        _ => null,
    };

    /// <summary>The length to pre-size each vector for: fixed for v1/v2, else the requested one, else the model's default.</summary>
    public static int? ExpectedDimensions(string model, int? requested) => model switch
    {
        "text-embedding-v1" or "text-embedding-v2" => 1536,
        _ => requested ?? DefaultDimensions(model),
    };
}
