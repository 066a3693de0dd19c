using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// <see cref="ChatOptions"/> with typed Qwen-only request fields. Pass it anywhere a <see cref="ChatOptions"/> is expected;
/// middleware that clones options keeps the type. Each property left <see langword="null"/> is not sent.
/// </summary>
/// <remarks>
/// Every Qwen field is sent at the top level of the request body. A field Qwen adds later can be sent without a new
/// release through <see cref="ChatOptions.AdditionalProperties"/> (each entry becomes a top-level field); an entry there
/// with the same name as a typed property wins over the typed property.
/// </remarks>
/// <example>
/// <code>
/// var options = new QwenChatOptions { EnableThinking = true, ThinkingBudget = 2048, EnableSearch = true };
/// </code>
/// </example>
public sealed class QwenChatOptions : ChatOptions
{
    /// <summary>Initializes a new instance of the <see cref="QwenChatOptions"/> class.</summary>
    public QwenChatOptions()
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="QwenChatOptions"/> class with the values of <paramref name="other"/>:
    /// every <see cref="ChatOptions"/> value, copied by <see cref="ChatOptions"/> itself (so values it adds later are copied
    /// too), and the Qwen values when <paramref name="other"/> is a <see cref="QwenChatOptions"/>. Use it to add Qwen
    /// values to options received from elsewhere, for example in a middleware.
    /// </summary>
    /// <param name="other">The options to copy, or <see langword="null"/> for defaults.</param>
    public QwenChatOptions(ChatOptions? other)
        : base(other)
    {
        if (other is not QwenChatOptions qwen)
        {
            return;
        }

        EnableThinking = qwen.EnableThinking;
        ThinkingBudget = qwen.ThinkingBudget;
        PreserveThinking = qwen.PreserveThinking;
        MaxCompletionTokens = qwen.MaxCompletionTokens;
        EnableSearch = qwen.EnableSearch;
        SearchOptions = qwen.SearchOptions?.Clone();
        RepetitionPenalty = qwen.RepetitionPenalty;
        VlHighResolutionImages = qwen.VlHighResolutionImages;
        EnableCodeInterpreter = qwen.EnableCodeInterpreter;
        TranslationOptions = qwen.TranslationOptions?.Clone();
    }

    /// <summary>Gets or sets <c>enable_thinking</c>: whether the model reasons before answering. Overrides <c>Reasoning.Effort</c>.</summary>
    /// <remarks>Some models think only when streamed: non-streaming calls to them must set this to <see langword="false"/>.</remarks>
    public bool? EnableThinking { get; set; }

    /// <summary>Gets or sets <c>thinking_budget</c>: the most tokens the reasoning may use. Must be positive.</summary>
    public int? ThinkingBudget { get; set; }

    /// <summary>Gets or sets <c>preserve_thinking</c>: whether earlier <c>reasoning_content</c> sent back in history is used by the model.</summary>
    public bool? PreserveThinking { get; set; }

    /// <summary>Gets or sets <c>max_completion_tokens</c>: a cap on reasoning plus answer (newer models). <c>MaxOutputTokens</c> maps to <c>max_tokens</c>, which caps the answer only.</summary>
    public int? MaxCompletionTokens { get; set; }

    /// <summary>Gets or sets <c>enable_search</c>: whether the model may search the web. Adding a <c>HostedWebSearchTool</c> to <c>Tools</c> sets it too.</summary>
    public bool? EnableSearch { get; set; }

    /// <summary>Gets or sets <c>search_options</c>, used with <see cref="EnableSearch"/>.</summary>
    public QwenSearchOptions? SearchOptions { get; set; }

    /// <summary>Gets or sets <c>repetition_penalty</c>: values above 1 discourage repetition. Must be positive.</summary>
    public float? RepetitionPenalty { get; set; }

    /// <summary>Gets or sets <c>vl_high_resolution_images</c>: whether vision models read images at high resolution.</summary>
    public bool? VlHighResolutionImages { get; set; }

    /// <summary>Gets or sets <c>enable_code_interpreter</c>. Adding a <c>HostedCodeInterpreterTool</c> to <c>Tools</c> sets it too.</summary>
    public bool? EnableCodeInterpreter { get; set; }

    /// <summary>Gets or sets <c>translation_options</c> for the Qwen-MT translation models.</summary>
    public QwenTranslationOptions? TranslationOptions { get; set; }

    /// <inheritdoc />
    public override ChatOptions Clone() => new QwenChatOptions(this);
}
