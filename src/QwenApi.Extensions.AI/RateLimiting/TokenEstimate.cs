namespace QwenApi.Extensions.AI;

/// <summary>
/// A call's token estimate for the coordinator and the token limiter, and the output cap it was built from, so that once
/// the answer reports its prompt tokens the grant can be set to exactly what an admission-charging server counted.
/// </summary>
/// <param name="Tokens">The estimate: about one token per four request bytes plus the output cap.</param>
/// <param name="OutputCap">The output cap the request sent (<c>max_completion_tokens</c>, <c>max_tokens</c>; zero for embeddings), or <see langword="null"/> when it sent none (the server's default cap is unknown).</param>
internal readonly record struct TokenEstimate(int Tokens, int? OutputCap)
{
    /// <summary>
    /// What the server charged for an attempt that reported <paramref name="inputTokens"/> and <paramref name="totalTokens"/>:
    /// with <see cref="QwenTokenAccounting.Usage"/> the total; with <see cref="QwenTokenAccounting.Admission"/> the prompt
    /// plus the output cap when both are known, else never less than the estimate. <see langword="null"/> when the answer
    /// reported nothing usable (the estimate stands).
    /// </summary>
    public long? Charged(QwenTokenAccounting accounting, long? inputTokens, long? totalTokens)
    {
        if (accounting == QwenTokenAccounting.Usage)
        {
            return totalTokens;
        }

        if (inputTokens is { } prompt && OutputCap is { } cap)
        {
            return Math.Max(prompt + cap, totalTokens ?? 0);
        }

        return totalTokens is { } total ? Math.Max(Tokens, total) : null;
    }
}
