using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Reads Qwen settings from execution settings of another type (plain ones from a prompt template, or another connector's),
/// for <see cref="QwenPromptExecutionSettings.FromExecutionSettings"/>.
/// </summary>
internal static class ExecutionSettingsReader
{
    public static QwenPromptExecutionSettings Read(PromptExecutionSettings executionSettings)
    {
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
