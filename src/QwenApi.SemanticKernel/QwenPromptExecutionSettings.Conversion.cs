using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <content>Conversion from any <see cref="PromptExecutionSettings"/>: plain ones, and other connectors' types.</content>
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
