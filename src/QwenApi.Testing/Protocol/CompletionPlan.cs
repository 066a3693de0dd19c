namespace QwenApi.Testing;

/// <summary>Everything an answer will contain, decided before the first byte is written.</summary>
internal sealed class CompletionPlan
{
    public required string Id { get; init; }

    public required string Model { get; init; }

    /// <summary>Gets the <c>created</c> Unix time in seconds.</summary>
    public required long Created { get; init; }

    public required bool Stream { get; init; }

    public required bool IncludeUsage { get; init; }

    /// <summary>Gets a value indicating whether the answer reasons, which adds the <c>reasoning_content</c> fields.</summary>
    public required bool Thinking { get; init; }

    public required IReadOnlyList<string> ReasoningTokens { get; init; }

    public required IReadOnlyList<string> AnswerTokens { get; init; }

    public required IReadOnlyList<PlannedToolCall> ToolCalls { get; init; }

    public required string FinishReason { get; init; }

    public required int PromptTokens { get; init; }

    /// <summary>Gets the completion tokens, reasoning included, as Qwen counts them.</summary>
    public int CompletionTokens => AnswerTokens.Count + ReasoningTokens.Count + (10 * ToolCalls.Count);

    public string Answer => string.Concat(AnswerTokens);

    public string Reasoning => string.Concat(ReasoningTokens);
}
