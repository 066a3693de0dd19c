using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>Turns <see cref="QwenPromptExecutionSettings"/> into the options <see cref="QwenChatClient"/> reads, on both of Semantic Kernel's paths.</summary>
internal static class SettingsChatOptions
{
    /// <summary>
    /// Builds the options for one request: Semantic Kernel's conversion (function choice, tools and the kernel the
    /// function-invocation filters need) plus the standard typed values. Qwen-only values are added one layer further down, by <see cref="ToQwenChatOptions"/>.
    /// </summary>
    public static ChatOptions ToChatOptions(QwenPromptExecutionSettings settings, Kernel? kernel)
    {
        var standard = new PromptExecutionSettings
        {
            ModelId = settings.ModelId,
            FunctionChoiceBehavior = settings.FunctionChoiceBehavior,
            ExtensionData = ExtensionFields.Flatten(settings.ExtensionData, out object? extensionFormat),
        };

        ChatOptions options = standard.ToChatOptions(kernel);
        ApplyStandardValues(settings, options);
        options.ResponseFormat ??= ResponseFormats.ToChatResponseFormat(extensionFormat);
        return options;
    }

    /// <summary>Gets the options for one request: the standard values of <paramref name="standard"/> plus this call's Qwen-only values.</summary>
    /// <remarks>
    /// Only values that are set are assigned: <see cref="QwenChatOptions"/> keeps its Qwen values in
    /// <see cref="ChatOptions.AdditionalProperties"/>, where assigning <see langword="null"/> would remove a field that came
    /// from <c>extra_body</c> or <see cref="PromptExecutionSettings.ExtensionData"/>.
    /// </remarks>
    public static QwenChatOptions ToQwenChatOptions(QwenPromptExecutionSettings settings, ChatOptions? standard)
    {
        var options = new QwenChatOptions(standard);
        AssignIfSet(options, settings.EnableThinking, static (o, v) => o.EnableThinking = v);
        AssignIfSet(options, settings.ThinkingBudget, static (o, v) => o.ThinkingBudget = v);
        AssignIfSet(options, settings.PreserveThinking, static (o, v) => o.PreserveThinking = v);
        AssignIfSet(options, settings.MaxCompletionTokens, static (o, v) => o.MaxCompletionTokens = v);
        AssignIfSet(options, settings.EnableSearch, static (o, v) => o.EnableSearch = v);
        if (settings.SearchOptions is { } searchOptions)
        {
            options.SearchOptions = searchOptions.Clone();
        }

        AssignIfSet(options, settings.RepetitionPenalty, static (o, v) => o.RepetitionPenalty = (float)v);
        AssignIfSet(options, settings.VlHighResolutionImages, static (o, v) => o.VlHighResolutionImages = v);
        AssignIfSet(options, settings.EnableCodeInterpreter, static (o, v) => o.EnableCodeInterpreter = v);
        if (settings.TranslationOptions is { } translationOptions)
        {
            options.TranslationOptions = translationOptions.Clone();
        }

        return options;
    }

    /// <summary>
    /// Completes the options Semantic Kernel's <c>ToChatOptions</c> built from the settings, for
    /// <see cref="QwenPromptExecutionSettings"/>'s <c>PrepareChatOptionsForRequest</c>: the typed standard values, the
    /// model, <c>extra_body</c> lifted to the top level, and each Qwen-only value under its wire name.
    /// </summary>
    public static void CompleteForChatClient(QwenPromptExecutionSettings settings, ChatOptions options)
    {
        ApplyStandardValues(settings, options);
        options.ModelId ??= settings.ModelId;
        AdditionalPropertiesDictionary fields = options.AdditionalProperties ??= [];

        // Semantic Kernel copied an "extra_body" entry of ExtensionData as one field: lift its entries to the top level.
        if (ExtensionFields.ExtraBody(settings.ExtensionData) is { } extraBody)
        {
            _ = fields.Remove("extra_body");
            foreach (KeyValuePair<string, object?> field in extraBody)
            {
                fields[field.Key] = field.Value;
            }
        }

        QwenWireFields.Write(settings, fields);
    }

    private static void AssignIfSet<T>(QwenChatOptions options, T? value, Action<QwenChatOptions, T> assign)
        where T : struct
    {
        if (value is { } set)
        {
            assign(options, set);
        }
    }

    private static void ApplyStandardValues(QwenPromptExecutionSettings settings, ChatOptions options)
    {
        options.Temperature = (float?)settings.Temperature ?? options.Temperature;
        options.TopP = (float?)settings.TopP ?? options.TopP;
        options.TopK = settings.TopK ?? options.TopK;
        options.MaxOutputTokens = settings.MaxTokens ?? options.MaxOutputTokens;
        options.Seed = settings.Seed ?? options.Seed;
        options.PresencePenalty = (float?)settings.PresencePenalty ?? options.PresencePenalty;
        options.FrequencyPenalty = (float?)settings.FrequencyPenalty ?? options.FrequencyPenalty;
        options.StopSequences = settings.StopSequences is null ? options.StopSequences : [.. settings.StopSequences];
        options.ResponseFormat = ResponseFormats.ToChatResponseFormat(settings.ResponseFormat) ?? options.ResponseFormat;
        options.Instructions = settings.ChatSystemPrompt ?? options.Instructions;
    }
}
