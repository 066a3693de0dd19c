namespace QwenApi.Testing;

/// <summary>
/// The fields of a chat-completions request that drive the default answer, read leniently (a missing or
/// malformed field takes its default) so scripted faults can answer even invalid requests.
/// </summary>
internal sealed class ChatRequestInfo
{
    public string? Model { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public bool EnableThinking { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>Gets <c>max_completion_tokens</c>, read only to charge a request under admission accounting.</summary>
    public int? MaxCompletionTokens { get; init; }

    public IReadOnlyList<ChatMessageInfo> Messages { get; init; } = [];

    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Gets a value indicating whether <c>tool_choice</c> is <c>"none"</c>.</summary>
    public bool ToolChoiceNone { get; init; }

    /// <summary>Gets the function named by an object <c>tool_choice</c>, if any.</summary>
    public string? ToolChoiceName { get; init; }

    public bool ParallelToolCalls { get; init; }

    /// <summary>Gets the JSON <c>response_format</c> asked for, or <see langword="null"/> for text.</summary>
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets the text of the last <c>user</c> message, or <see langword="null"/> when there is none.</summary>
    public string? LastUserText { get; init; }

    /// <summary>Gets the last message (any role), or <see langword="null"/> when there are no messages.</summary>
    public ChatMessageInfo? LastMessage => Messages.Count > 0 ? Messages[^1] : null;
}
