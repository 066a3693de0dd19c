using Microsoft.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Writes the Qwen-only values of settings into <see cref="ChatOptions.AdditionalProperties"/> under their wire names,
/// where <see cref="QwenApi.Extensions.AI.QwenChatClient"/> sends each entry as a top-level field (and where
/// <see cref="QwenApi.Extensions.AI.QwenChatOptions"/> keeps them too).
/// </summary>
internal static class QwenWireFields
{
    public static void Write(QwenPromptExecutionSettings settings, AdditionalPropertiesDictionary fields)
    {
        // Semantic Kernel's JSON round trip may have left a null under a name these settings own: never send it.
        foreach (string name in QwenSettingsJsonContext.Default.QwenPromptExecutionSettings.Properties.Select(p => p.Name))
        {
            if (fields.TryGetValue(name, out object? value) && value is null)
            {
                _ = fields.Remove(name);
            }
        }

        Put(fields, "enable_thinking", settings.EnableThinking);
        Put(fields, "thinking_budget", settings.ThinkingBudget);
        Put(fields, "preserve_thinking", settings.PreserveThinking);
        Put(fields, "max_completion_tokens", settings.MaxCompletionTokens);
        Put(fields, "enable_search", settings.EnableSearch);
        Put(fields, "search_options", settings.SearchOptions is { } search ? JsonNodes.From(search, "search_options") : null);
        Put(fields, "repetition_penalty", settings.RepetitionPenalty);
        Put(fields, "vl_high_resolution_images", settings.VlHighResolutionImages);
        Put(fields, "enable_code_interpreter", settings.EnableCodeInterpreter);
        Put(fields, "translation_options", settings.TranslationOptions is { } translation ? JsonNodes.From(translation, "translation_options") : null);
    }

    private static void Put(AdditionalPropertiesDictionary fields, string name, object? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }
}
