namespace QwenApi.Extensions.AI;

/// <summary>Which of the server's limits a 429 reported.</summary>
public enum QwenRateLimitKind
{
    /// <summary>The answer did not say (or the refusal was not the server's).</summary>
    Unknown,

    /// <summary>The requests-per-minute limit (error code <c>limit_requests</c>, or no requests left).</summary>
    Requests,

    /// <summary>The tokens-per-minute limit (error code <c>limit_tokens</c>, a message about tokens, or no tokens left).</summary>
    Tokens,
}
