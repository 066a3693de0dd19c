namespace QwenApi.Testing;

/// <summary>How the simulator charges a request against <see cref="QwenSimulatorOptions.TokensPerMinute"/>.</summary>
public enum SimulatorTokenAccounting
{
    /// <summary>
    /// The tokens the answer uses: prompt plus completion tokens of the planned answer, charged when the request is
    /// admitted (the answer is planned before its first byte, so this is its reported <c>usage.total_tokens</c>).
    /// </summary>
    Usage,

    /// <summary>
    /// What OpenAI documents: the prompt tokens plus the request's <c>max_completion_tokens</c> or <c>max_tokens</c>
    /// (or <see cref="QwenSimulatorOptions.AdmissionMaxTokens"/> when it sends neither), charged when the request is
    /// admitted and never refunded, however short the answer.
    /// </summary>
    Admission,
}
