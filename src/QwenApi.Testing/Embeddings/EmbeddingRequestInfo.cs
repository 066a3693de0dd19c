namespace QwenApi.Testing;

/// <summary>
/// The fields of an embeddings request, read leniently (a missing or malformed field takes its default); the validator
/// decides whether the request is acceptable.
/// </summary>
internal sealed class EmbeddingRequestInfo
{
    public string? Model { get; init; }

    /// <summary>Gets the input texts in request order: the one string, or the string items of the array.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the requested <c>dimensions</c> when it is an integer.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Gets a value indicating whether <c>encoding_format</c> is <c>"base64"</c>.</summary>
    public bool Base64 { get; init; }
}
