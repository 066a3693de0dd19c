namespace QwenApi.Extensions.AI;

/// <summary>How a <see cref="QwenEmbeddingGenerator"/> asks the server to encode vectors (<c>encoding_format</c>).</summary>
/// <remarks>
/// Whichever is asked for, the generator reads both forms an answer may carry (an array of numbers or base64 text), so a
/// server that ignores the field still works. See docs/embeddings-protocol.md for what is known of Qwen's behaviour.
/// </remarks>
public enum QwenEmbeddingEncoding
{
    /// <summary>
    /// Ask for <c>"base64"</c> (little-endian float32), as OpenAI's SDKs do: the body is about 2.7 times smaller and a vector
    /// decodes far faster than 1,024 decimal numbers parse. If the server rejects the value (a 400 that names
    /// <c>encoding_format</c>), the generator resends that request with <c>"float"</c> and asks for <c>"float"</c> from
    /// then on. The default.
    /// </summary>
    Base64 = 0,

    /// <summary>Always ask for <c>"float"</c>, the only encoding Qwen's reference documents.</summary>
    Float = 1,
}
