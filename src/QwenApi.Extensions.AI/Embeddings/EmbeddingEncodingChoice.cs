namespace QwenApi.Extensions.AI;

/// <summary>
/// The <c>encoding_format</c> one <see cref="QwenEmbeddingGenerator"/> asks for, shared by its calls: base64 until a server
/// rejects it, then float for the generator's lifetime (a rejection is a property of the server, not of one request).
/// </summary>
internal sealed class EmbeddingEncodingChoice(QwenEmbeddingEncoding configured)
{
    private volatile bool _base64 = configured == QwenEmbeddingEncoding.Base64;

    /// <summary>Gets a value indicating whether requests ask for base64.</summary>
    public bool Base64 => _base64;

    /// <summary>
    /// Gets a value indicating whether <paramref name="failure"/>, the answer to a request that asked for base64, is the
    /// server refusing that encoding (a 400 that names <c>encoding_format</c>); if so, requests ask for float from now on.
    /// </summary>
    public bool FallBackIfRefused(Exception failure)
    {
        if (failure is not QwenBadRequestException refusal
            || !(Names(refusal.ErrorParam) || Names(refusal.CoreMessage)))
        {
            return false;
        }

        _base64 = false;
        return true;
    }

    private static bool Names(string? text) => text?.Contains("encoding_format", StringComparison.OrdinalIgnoreCase) == true;
}
