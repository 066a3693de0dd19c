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
    /// <param name="executionSettings">
    /// The settings: a plain <see cref="PromptExecutionSettings"/> loaded from a prompt template, or another connector's
    /// settings type such as Semantic Kernel's <c>OpenAIPromptExecutionSettings</c>.
    /// </param>
    /// <returns>The Qwen settings.</returns>
    /// <remarks>
    /// <para>
    /// Another connector's settings type is read through its own JSON contract (its public properties under their JSON
    /// names, plus <see cref="PromptExecutionSettings.ExtensionData"/>), as Semantic Kernel's own conversion does, except
    /// that a <see cref="Type"/> or <see cref="ChatResponseFormat"/> in <c>response_format</c> is kept rather than failing
    /// or being mangled. OpenAI-only settings with no Qwen meaning (<c>token_selection_biases</c>, <c>store</c>,
    /// <c>metadata</c>, <c>modalities</c>, <c>audio</c>, <c>web_search_options</c>, the legacy <c>ToolCallBehavior</c>) are
    /// not sent. Where reflection-based JSON is disabled (NativeAOT), only the base properties and
    /// <see cref="PromptExecutionSettings.ExtensionData"/> of such a type are read.
    /// </para>
    /// <para>
    /// Then, as for plain settings: the standard values (<c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>max_tokens</c>,
    /// <c>seed</c>, penalties, <c>stop_sequences</c>, <c>chat_system_prompt</c>) are read as Semantic Kernel reads them,
    /// <c>response_format</c> in every form <see cref="ResponseFormat"/> accepts, entries named like a Qwen property
    /// (<c>enable_thinking</c>, <c>thinking_budget</c>, <c>search_options</c>, …) set that property, the entries of an
    /// <c>extra_body</c> object are read as if they were top-level (as OpenAI's <c>ExtraBody</c> and Python's
    /// <c>extra_body</c> mean), and every other entry stays in <see cref="PromptExecutionSettings.ExtensionData"/>, sent as
    /// a top-level request field. The model id, service id and function choice behavior are kept.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">An entry named like a Qwen property has a value of the wrong type, or the settings cannot be read; the message names the setting.</exception>
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

        PromptExecutionSettings plain = executionSettings.GetType() == typeof(PromptExecutionSettings)
            ? executionSettings
            : ForeignSettings.ToPlain(executionSettings);
        Dictionary<string, object>? data = ExtensionFields.Flatten(plain.ExtensionData, out object? responseFormat);

        // Let Semantic Kernel read its standard names the way it always does; function choice is handled separately
        // because resolving it needs a kernel, and response_format above because Semantic Kernel knows only two of its forms.
        ChatOptions standard = new PromptExecutionSettings { ModelId = plain.ModelId, ExtensionData = data }.ToChatOptions(kernel: null);

        QwenPromptExecutionSettings result = ReadQwenFields(standard.AdditionalProperties, out Dictionary<string, object>? rest);
        result.ModelId = executionSettings.ModelId;
        result.ServiceId = executionSettings.ServiceId;
        result.FunctionChoiceBehavior = executionSettings.FunctionChoiceBehavior;
        result.ExtensionData = rest;
        result.Temperature = ExtensionFields.Double(data, "temperature") ?? standard.Temperature;
        result.TopP = ExtensionFields.Double(data, "top_p") ?? standard.TopP;
        result.TopK = standard.TopK;
        result.MaxTokens = standard.MaxOutputTokens;
        result.Seed = standard.Seed;
        result.PresencePenalty = ExtensionFields.Double(data, "presence_penalty") ?? standard.PresencePenalty;
        result.FrequencyPenalty = ExtensionFields.Double(data, "frequency_penalty") ?? standard.FrequencyPenalty;
        result.StopSequences = standard.StopSequences is null ? null : [.. standard.StopSequences];
        result.ResponseFormat = responseFormat;
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
            ExtensionData = ExtensionFields.Flatten(ExtensionData, out object? extensionFormat),
        };

        ChatOptions options = standard.ToChatOptions(kernel);
        ApplyStandardValues(options);
        options.ResponseFormat ??= ResponseFormats.ToChatResponseFormat(extensionFormat);
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
        RepetitionPenalty = (float?)RepetitionPenalty,
        VlHighResolutionImages = VlHighResolutionImages,
        EnableCodeInterpreter = EnableCodeInterpreter,
        TranslationOptions = TranslationOptions?.Clone(),
    };

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
