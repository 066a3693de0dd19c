namespace QwenApi.Extensions.AI;

/// <summary>Well-known Qwen model identifiers. Model ids are case-sensitive; any other id the proxy serves can be passed as a string.</summary>
public static class QwenModels
{
    /// <summary>The most capable Qwen model: <c>qwen-max</c>.</summary>
    public const string QwenMax = "qwen-max";

    /// <summary>Balanced quality, speed and cost: <c>qwen-plus</c>.</summary>
    public const string QwenPlus = "qwen-plus";

    /// <summary>Fast and inexpensive: <c>qwen-turbo</c>.</summary>
    public const string QwenTurbo = "qwen-turbo";

    /// <summary>Long-context model: <c>qwen-long</c>.</summary>
    public const string QwenLong = "qwen-long";

    /// <summary>Qwen3 flagship: <c>qwen3-max</c>.</summary>
    public const string Qwen3Max = "qwen3-max";

    /// <summary>Vision-language model that accepts images: <c>qwen-vl-max</c>.</summary>
    public const string QwenVlMax = "qwen-vl-max";

    /// <summary>Vision-language model that accepts images: <c>qwen-vl-plus</c>.</summary>
    public const string QwenVlPlus = "qwen-vl-plus";

    /// <summary>Coding model: <c>qwen3-coder-plus</c>.</summary>
    public const string Qwen3CoderPlus = "qwen3-coder-plus";

    /// <summary>Text embeddings (for <see cref="QwenEmbeddingGenerator"/>), up to 2,048 dimensions, 10 inputs per request: <c>text-embedding-v4</c>.</summary>
    public const string TextEmbeddingV4 = "text-embedding-v4";

    /// <summary>Text embeddings (for <see cref="QwenEmbeddingGenerator"/>), up to 1,024 dimensions, 10 inputs per request: <c>text-embedding-v3</c>.</summary>
    public const string TextEmbeddingV3 = "text-embedding-v3";
}
