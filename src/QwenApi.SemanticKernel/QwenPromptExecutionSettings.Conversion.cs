using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <content>Conversions: from any <see cref="PromptExecutionSettings"/>, and to the options <see cref="QwenChatClient"/> reads.</content>
public sealed partial class QwenPromptExecutionSettings
{
    /// <summary>
    /// Gets Qwen settings from any execution settings: the same instance when it already is a
    /// <see cref="QwenPromptExecutionSettings"/>, default settings for <see langword="null"/>, otherwise a new instance.
    /// </summary>
    /// <param name="executionSettings">The settings, for example a plain <see cref="PromptExecutionSettings"/> loaded from a prompt template.</param>
    /// <returns>The Qwen settings.</returns>
    /// <remarks>
    /// For other settings the standard values (<c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>max_tokens</c>, <c>seed</c>,
    /// penalties, <c>stop_sequences</c>, <c>response_format</c>, <c>chat_system_prompt</c>) are read as Semantic Kernel reads
    /// them, <see cref="PromptExecutionSettings.ExtensionData"/> entries named like a Qwen property (<c>enable_thinking</c>,
    /// <c>thinking_budget</c>, <c>search_options</c>, …) set that property, and every other entry stays in
    /// <see cref="PromptExecutionSettings.ExtensionData"/> (it is sent as a top-level request field). The model id,
    /// service id and function choice behavior are kept.
    /// </remarks>
    /// <exception cref="ArgumentException">An entry named like a Qwen property has a value of the wrong type; the message names it.</exception>
    public static QwenPromptExecutionSettings FromExecutionSettings(PromptExecutionSettings? executionSettings)
    {
        if (executionSettings is null)
        {
            return new QwenPromptExecutionSettings();
        }

        if (executionSettings is QwenPromptExecutionSettings qwen)
        {
            return qwen;
        }

        // Let Semantic Kernel read its standard names (and a foreign connector's typed properties) the way it always does;
        // function choice is handled separately because resolving it needs a kernel.
        PromptExecutionSettings copy = executionSettings.Clone();
        copy.FunctionChoiceBehavior = null;
        ChatOptions standard = copy.ToChatOptions(kernel: null);

        QwenPromptExecutionSettings result = ReadQwenFields(standard.AdditionalProperties, out Dictionary<string, object>? rest);
        result.ModelId = executionSettings.ModelId;
        result.ServiceId = executionSettings.ServiceId;
        result.FunctionChoiceBehavior = executionSettings.FunctionChoiceBehavior;
        result.ExtensionData = rest;
        result.Temperature = standard.Temperature;
        result.TopP = standard.TopP;
        result.TopK = standard.TopK;
        result.MaxTokens = standard.MaxOutputTokens;
        result.Seed = standard.Seed;
        result.PresencePenalty = standard.PresencePenalty;
        result.FrequencyPenalty = standard.FrequencyPenalty;
        result.StopSequences = standard.StopSequences is null ? null : [.. standard.StopSequences];
        result.ResponseFormat = standard.ResponseFormat;
        result.ChatSystemPrompt = standard.Instructions;
        return result;
    }

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
            ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        };

        ChatOptions options = standard.ToChatOptions(kernel);
        options.Temperature = Temperature ?? options.Temperature;
        options.TopP = TopP ?? options.TopP;
        options.TopK = TopK ?? options.TopK;
        options.MaxOutputTokens = MaxTokens ?? options.MaxOutputTokens;
        options.Seed = Seed ?? options.Seed;
        options.PresencePenalty = PresencePenalty ?? options.PresencePenalty;
        options.FrequencyPenalty = FrequencyPenalty ?? options.FrequencyPenalty;
        options.StopSequences = StopSequences is null ? options.StopSequences : [.. StopSequences];
        options.ResponseFormat = ResponseFormat ?? options.ResponseFormat;
        options.Instructions = ChatSystemPrompt ?? options.Instructions;
        return options;
    }

    /// <summary>Gets the options for one request: the standard values of <paramref name="standard"/> plus this call's Qwen-only values.</summary>
    internal QwenChatOptions ToQwenChatOptions(ChatOptions? standard) => new(standard)
    {
        EnableThinking = EnableThinking,
        ThinkingBudget = ThinkingBudget,
        PreserveThinking = PreserveThinking,
        MaxCompletionTokens = MaxCompletionTokens,
        EnableSearch = EnableSearch,
        SearchOptions = SearchOptions?.Clone(),
        RepetitionPenalty = RepetitionPenalty,
        VlHighResolutionImages = VlHighResolutionImages,
        EnableCodeInterpreter = EnableCodeInterpreter,
        TranslationOptions = TranslationOptions?.Clone(),
    };

    // The property names come from the JSON contract itself, so there is one list of names: the [JsonPropertyName]s above.
    private static QwenPromptExecutionSettings ReadQwenFields(AdditionalPropertiesDictionary? fields, out Dictionary<string, object>? rest)
    {
        rest = null;
        if (fields is null || fields.Count == 0)
        {
            return new QwenPromptExecutionSettings();
        }

        var known = new HashSet<string>(QwenSettingsJsonContext.Default.QwenPromptExecutionSettings.Properties.Select(p => p.Name), StringComparer.Ordinal);
        var json = new JsonObject();
        foreach (KeyValuePair<string, object?> field in fields)
        {
            if (known.Contains(field.Key))
            {
                json[field.Key] = JsonNodes.From(field.Value, field.Key);
            }
            else if (field.Value is not null)
            {
                (rest ??= new Dictionary<string, object>(StringComparer.Ordinal))[field.Key] = field.Value;
            }
        }

        try
        {
            return json.Deserialize(QwenSettingsJsonContext.Default.QwenPromptExecutionSettings) ?? new QwenPromptExecutionSettings();
        }
        catch (JsonException e)
        {
            string path = e.Path is { Length: > 2 } p ? p[2..] : "?";
            throw new ArgumentException($"Execution setting \"{path}\" has a value Qwen cannot use: {e.Message}", "executionSettings", e);
        }
    }
}
