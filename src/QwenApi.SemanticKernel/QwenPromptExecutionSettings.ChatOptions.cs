using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <content>Conversion to the options <see cref="QwenChatClient"/> reads, on both of Semantic Kernel's paths.</content>
public sealed partial class QwenPromptExecutionSettings
{
    /// <summary>
    /// Builds the options for one request: Semantic Kernel's conversion (function choice, tools and the kernel the
    /// function-invocation filters need) plus the standard typed values. Qwen-only values are added one layer further down, by <see cref="ToQwenChatOptions"/>.
    /// </summary>
    internal ChatOptions ToChatOptions(Kernel? kernel)
    {
        var standard = new PromptExecutionSettings
        {
            ModelId = ModelId,
            FunctionChoiceBehavior = FunctionChoiceBehavior,
            ExtensionData = ExtensionFields.Flatten(ExtensionData, out object? extensionFormat),
        };

        ChatOptions options = standard.ToChatOptions(kernel);
        ApplyStandardValues(options);
        options.ResponseFormat ??= ResponseFormats.ToChatResponseFormat(extensionFormat);
        return options;
    }

    /// <summary>Gets the options for one request: the standard values of <paramref name="standard"/> plus this call's Qwen-only values.</summary>
    /// <remarks>
    /// Only values that are set are assigned: <see cref="QwenChatOptions"/> keeps its Qwen values in
    /// <see cref="ChatOptions.AdditionalProperties"/>, where assigning <see langword="null"/> would remove a field that came
    /// from <c>extra_body</c> or <see cref="PromptExecutionSettings.ExtensionData"/>.
    /// </remarks>
    internal QwenChatOptions ToQwenChatOptions(ChatOptions? standard)
    {
        var options = new QwenChatOptions(standard);
        if (EnableThinking is { } enableThinking)
        {
            options.EnableThinking = enableThinking;
        }

        if (ThinkingBudget is { } thinkingBudget)
        {
            options.ThinkingBudget = thinkingBudget;
        }

        if (PreserveThinking is { } preserveThinking)
        {
            options.PreserveThinking = preserveThinking;
        }

        if (MaxCompletionTokens is { } maxCompletionTokens)
        {
            options.MaxCompletionTokens = maxCompletionTokens;
        }

        if (EnableSearch is { } enableSearch)
        {
            options.EnableSearch = enableSearch;
        }

        if (SearchOptions is { } searchOptions)
        {
            options.SearchOptions = searchOptions.Clone();
        }

        if (RepetitionPenalty is { } repetitionPenalty)
        {
            options.RepetitionPenalty = (float)repetitionPenalty;
        }

        if (VlHighResolutionImages is { } vlHighResolutionImages)
        {
            options.VlHighResolutionImages = vlHighResolutionImages;
        }

        if (EnableCodeInterpreter is { } enableCodeInterpreter)
        {
            options.EnableCodeInterpreter = enableCodeInterpreter;
        }

        if (TranslationOptions is { } translationOptions)
        {
            options.TranslationOptions = translationOptions.Clone();
        }

        return options;
    }

    /// <summary>
    /// Completes the options Semantic Kernel's <c>ToChatOptions</c> built from these settings: the path taken when a
    /// kernel calls an <see cref="IChatClient"/> (<c>AddQwenChatClient</c>) rather than <see cref="QwenChatCompletionService"/>.
    /// </summary>
    /// <param name="options">The options built so far.</param>
    /// <remarks>
    /// Semantic Kernel gets there by round-tripping these settings through JSON, which keeps every value but loses their
    /// types; this puts back the typed standard values and the response format, and writes each Qwen-only value into
    /// <see cref="ChatOptions.AdditionalProperties"/> under its wire name, where <see cref="QwenChatClient"/> sends it as a top-level field.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="ResponseFormat"/> holds an unsupported value.</exception>
    protected override void PrepareChatOptionsForRequest(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.PrepareChatOptionsForRequest(options);
        ApplyStandardValues(options);
        options.ModelId ??= ModelId;
        AdditionalPropertiesDictionary fields = options.AdditionalProperties ??= [];

        // Semantic Kernel copied an "extra_body" entry of ExtensionData as one field: lift its entries to the top level.
        if (ExtensionFields.ExtraBody(ExtensionData) is { } extraBody)
        {
            _ = fields.Remove("extra_body");
            foreach (KeyValuePair<string, object?> field in extraBody)
            {
                fields[field.Key] = field.Value;
            }
        }

        QwenWireFields.Write(this, fields);
    }

    private void ApplyStandardValues(ChatOptions options)
    {
        options.Temperature = (float?)Temperature ?? options.Temperature;
        options.TopP = (float?)TopP ?? options.TopP;
        options.TopK = TopK ?? options.TopK;
        options.MaxOutputTokens = MaxTokens ?? options.MaxOutputTokens;
        options.Seed = Seed ?? options.Seed;
        options.PresencePenalty = (float?)PresencePenalty ?? options.PresencePenalty;
        options.FrequencyPenalty = (float?)FrequencyPenalty ?? options.FrequencyPenalty;
        options.StopSequences = StopSequences is null ? options.StopSequences : [.. StopSequences];
        options.ResponseFormat = ResponseFormats.ToChatResponseFormat(ResponseFormat) ?? options.ResponseFormat;
        options.Instructions = ChatSystemPrompt ?? options.Instructions;
    }
}
