namespace QwenApi.Extensions.AI;

/// <summary>
/// The error fields found in one JSON object of an error body: the top-level document, its <c>error</c> object, or the
/// <c>error</c> object nested one level inside that. <see cref="ErrorBodyParser"/> decides which one wins.
/// </summary>
internal sealed class ErrorFields
{
    private readonly string?[] _other = new string?[6];

    /// <summary>Gets or sets the <c>message</c> member (a string, or strings and objects joined).</summary>
    public string? Message { get; set; }

    /// <summary>Gets or sets the <c>error</c> member when it is a string (or another scalar) rather than an object.</summary>
    public string? ErrorText { get; set; }

    /// <summary>Gets or sets the best other message member: <c>detail</c>, then <c>errors</c>, <c>msg</c>, <c>error_msg</c>, <c>error_message</c>, <c>error_description</c>.</summary>
    public string? OtherMessage => _other[0] ?? _other[1] ?? _other[2] ?? _other[3] ?? _other[4] ?? _other[5];

    public string? Type { get; set; }

    public string? Code { get; set; }

    public string? Param { get; set; }

    public string? RequestId { get; set; }

    /// <summary>Gets or sets the <c>error</c> member when it is an object.</summary>
    public ErrorFields? Error { get; set; }

    public bool HasMessage => Message is not null || ErrorText is not null || OtherMessage is not null;

    /// <summary>Keeps the first value seen for the other-message member of rank <paramref name="rank"/> (0 is preferred).</summary>
    public void SetOther(int rank, string? value) => _other[rank] ??= value;
}
