namespace QwenApi.Testing;

/// <summary>
/// What the simulator does with an embeddings request's <c>encoding_format: "base64"</c>. Qwen documents only
/// <c>"float"</c>, and what its service does with base64 is not confirmed, so each behaviour a server may have is offered.
/// </summary>
public enum SimulatorBase64Embeddings
{
    /// <summary>Send each vector as base64 of its little-endian float32 values, as OpenAI does.</summary>
    Honor,

    /// <summary>Ignore the field and send arrays of numbers, as a server that knows only <c>"float"</c> and does not check may.</summary>
    Ignore,

    /// <summary>Answer 400 <c>InvalidParameter</c> naming <c>encoding_format</c>, as a server that checks the field against <c>"float"</c> may.</summary>
    Reject,
}
