namespace QwenApi.Extensions.AI;

/// <summary>How the server charges a call against its tokens-per-minute limit, and so how a call's token grant is corrected.</summary>
public enum QwenTokenAccounting
{
    /// <summary>
    /// At admission: the prompt plus the output cap (<c>max_tokens</c>), whatever the answer used, as OpenAI documents.
    /// A grant is never corrected below its estimate (only up, when the reported usage is larger). Safe for every server.
    /// </summary>
    Admission,

    /// <summary>By the usage the answer reports: a grant is corrected to <c>usage.total_tokens</c>.</summary>
    Usage,
}
