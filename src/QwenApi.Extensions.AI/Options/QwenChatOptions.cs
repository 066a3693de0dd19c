using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// <see cref="ChatOptions"/> with typed Qwen-only request fields. Pass it anywhere a <see cref="ChatOptions"/> is expected;
/// middleware that clones options keeps the type. Each property left <see langword="null"/> is not sent.
/// </summary>
/// <remarks>
/// <para>
/// Each typed Qwen property is a view over <see cref="ChatOptions.AdditionalProperties"/> under the field's wire name
/// (<see cref="EnableThinking"/> reads and writes <c>AdditionalProperties["enable_thinking"]</c>, and so on). That is where
/// every component of the ecosystem already looks: MEAI's <c>Clone</c>, <c>UseLogging</c>, <c>UseOpenTelemetry</c>,
/// <c>UseDistributedCache</c> (the cache key), Agent Framework's merge of agent and run options, Semantic Kernel's
/// conversions. So Qwen fields survive all of them, even where the options come back as a plain
/// <see cref="ChatOptions"/>: the client sends every <c>AdditionalProperties</c> entry as a top-level field.
/// </para>
/// <para>
/// A field Qwen adds later can be sent the same way without a new release. Setting a typed property to
/// <see langword="null"/> removes its entry. Reading one converts what the entry holds (a <see cref="System.Text.Json.JsonElement"/>
/// from a JSON round trip, a <see cref="long"/> for an <see cref="int"/> field, …) and gives <see langword="null"/> when it cannot.
/// </para>
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
    /// Initializes a new instance of the <see cref="QwenChatOptions"/> class with the values of <paramref name="other"/>,
    /// copied by <see cref="ChatOptions"/> itself (so values it adds later are copied too). Qwen values come along in
    /// <see cref="ChatOptions.AdditionalProperties"/> whatever the type of <paramref name="other"/>. Use it to see or add
    /// Qwen values on options received from elsewhere, for example in a middleware.
    /// </summary>
    /// <param name="other">The options to copy, or <see langword="null"/> for defaults.</param>
    public QwenChatOptions(ChatOptions? other)
        : base(other)
    {
        // ChatOptions' copy brings AdditionalProperties, so every Qwen field comes along; the two option objects are
        // cloned so that the copies do not share mutable state.
        if (SearchOptions is { } search)
        {
            SearchOptions = search.Clone();
        }

        if (TranslationOptions is { } translation)
        {
            TranslationOptions = translation.Clone();
        }
    }

    /// <summary>Gets or sets <c>enable_thinking</c>: whether the model reasons before answering. Overrides <c>Reasoning.Effort</c>.</summary>
    /// <remarks>Some models think only when streamed: non-streaming calls to them must set this to <see langword="false"/>.</remarks>
    public bool? EnableThinking
    {
        get => QwenOptionValues.Get<bool>(AdditionalProperties, "enable_thinking");
        set => Set("enable_thinking", value);
    }

    /// <summary>Gets or sets <c>thinking_budget</c>: the most tokens the reasoning may use. Must be positive.</summary>
    public int? ThinkingBudget
    {
        get => QwenOptionValues.Get<int>(AdditionalProperties, "thinking_budget");
        set => Set("thinking_budget", QwenOptionValues.RequirePositive(value, nameof(ThinkingBudget)));
    }

    /// <summary>Gets or sets <c>preserve_thinking</c>: whether earlier <c>reasoning_content</c> sent back in history is used by the model.</summary>
    public bool? PreserveThinking
    {
        get => QwenOptionValues.Get<bool>(AdditionalProperties, "preserve_thinking");
        set => Set("preserve_thinking", value);
    }

    /// <summary>Gets or sets <c>max_completion_tokens</c>: a cap on reasoning plus answer (newer models). <c>MaxOutputTokens</c> maps to <c>max_tokens</c>, which caps the answer only.</summary>
    public int? MaxCompletionTokens
    {
        get => QwenOptionValues.Get<int>(AdditionalProperties, "max_completion_tokens");
        set => Set("max_completion_tokens", QwenOptionValues.RequirePositive(value, nameof(MaxCompletionTokens)));
    }

    /// <summary>Gets or sets <c>enable_search</c>: whether the model may search the web. Adding a <c>HostedWebSearchTool</c> to <c>Tools</c> sets it too.</summary>
    public bool? EnableSearch
    {
        get => QwenOptionValues.Get<bool>(AdditionalProperties, "enable_search");
        set => Set("enable_search", value);
    }

    /// <summary>Gets or sets <c>search_options</c>, used with <see cref="EnableSearch"/>.</summary>
    public QwenSearchOptions? SearchOptions
    {
        get => AdditionalProperties?.TryGetValue("search_options", out object? value) == true ? value as QwenSearchOptions : null;
        set => Set("search_options", value);
    }

    /// <summary>Gets or sets <c>repetition_penalty</c>: values above 1 discourage repetition. Must be positive.</summary>
    public float? RepetitionPenalty
    {
        get => QwenOptionValues.Get<float>(AdditionalProperties, "repetition_penalty");
        set => Set("repetition_penalty", QwenOptionValues.RequirePositive(value, nameof(RepetitionPenalty)));
    }

    /// <summary>Gets or sets <c>vl_high_resolution_images</c>: whether vision models read images at high resolution.</summary>
    public bool? VlHighResolutionImages
    {
        get => QwenOptionValues.Get<bool>(AdditionalProperties, "vl_high_resolution_images");
        set => Set("vl_high_resolution_images", value);
    }

    /// <summary>Gets or sets <c>enable_code_interpreter</c>. Adding a <c>HostedCodeInterpreterTool</c> to <c>Tools</c> sets it too.</summary>
    public bool? EnableCodeInterpreter
    {
        get => QwenOptionValues.Get<bool>(AdditionalProperties, "enable_code_interpreter");
        set => Set("enable_code_interpreter", value);
    }

    /// <summary>Gets or sets <c>translation_options</c> for the Qwen-MT translation models.</summary>
    public QwenTranslationOptions? TranslationOptions
    {
        get => AdditionalProperties?.TryGetValue("translation_options", out object? value) == true ? value as QwenTranslationOptions : null;
        set => Set("translation_options", value);
    }

    /// <inheritdoc />
    public override ChatOptions Clone() => new QwenChatOptions(this);

    private void Set(string key, object? value)
    {
        if (value is null)
        {
            _ = AdditionalProperties?.Remove(key);
        }
        else
        {
            (AdditionalProperties ??= [])[key] = value;
        }
    }
}
