using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>The typed Qwen-only fields of <see cref="QwenChatOptions"/>, all at the top level of the body.</content>
internal static partial class ChatRequestWriter
{
    private static void WriteQwenOptions(Utf8JsonWriter writer, ChatOptions chatOptions, QwenChatOptions? qwen, HostedTools hosted, PassThroughFields fields)
    {
        // Reasoning.Effort is the portable switch: None turns thinking off, any other effort turns it on.
        bool? thinking = qwen?.EnableThinking;
        if (thinking is null && chatOptions.Reasoning?.Effort is { } effort)
        {
            thinking = effort != ReasoningEffort.None;
        }

        WriteBoolean(writer, "enable_thinking", thinking, fields);
        if (qwen is null)
        {
            WriteBoolean(writer, "enable_search", hosted.WebSearch ? true : null, fields);
            WriteBoolean(writer, "enable_code_interpreter", hosted.CodeInterpreter ? true : null, fields);
            return;
        }

        QwenChatOptions options = qwen;
        if (options.ThinkingBudget is { } budget && !fields.Contains("thinking_budget"))
        {
            RequireRange(budget > 0, "QwenChatOptions.ThinkingBudget", budget, "must be positive");
            writer.WriteNumber("thinking_budget"u8, budget);
        }

        WriteBoolean(writer, "preserve_thinking", options.PreserveThinking, fields);
        if (options.MaxCompletionTokens is { } maxCompletion && !fields.Contains("max_completion_tokens"))
        {
            RequireRange(maxCompletion > 0, "QwenChatOptions.MaxCompletionTokens", maxCompletion, "must be positive");
            writer.WriteNumber("max_completion_tokens"u8, maxCompletion);
        }

        WriteBoolean(writer, "enable_search", options.EnableSearch ?? (hosted.WebSearch ? true : null), fields);
        if (options.SearchOptions is { } search && !fields.Contains("search_options"))
        {
            writer.WriteStartObject("search_options"u8);
            WriteOptional(writer, "forced_search", search.ForcedSearch, search.AdditionalProperties);
            WriteOptional(writer, "search_strategy", search.SearchStrategy, search.AdditionalProperties);
            WriteOptional(writer, "enable_source", search.EnableSource, search.AdditionalProperties);
            WriteOptional(writer, "enable_citation", search.EnableCitation, search.AdditionalProperties);
            WriteExtra(writer, search.AdditionalProperties, "QwenSearchOptions.AdditionalProperties");
            writer.WriteEndObject();
        }

        if (options.RepetitionPenalty is { } penalty && !fields.Contains("repetition_penalty"))
        {
            RequireRange(penalty > 0, "QwenChatOptions.RepetitionPenalty", penalty, "must be positive");
            writer.WriteNumber("repetition_penalty"u8, penalty);
        }

        WriteBoolean(writer, "vl_high_resolution_images", options.VlHighResolutionImages, fields);
        WriteBoolean(writer, "enable_code_interpreter", options.EnableCodeInterpreter ?? (hosted.CodeInterpreter ? true : null), fields);
        if (options.TranslationOptions is { } translation && !fields.Contains("translation_options"))
        {
            writer.WriteStartObject("translation_options"u8);
            WriteOptional(writer, "source_lang", translation.SourceLang, translation.AdditionalProperties);
            WriteOptional(writer, "target_lang", translation.TargetLang, translation.AdditionalProperties);
            WriteOptional(writer, "domains", translation.Domains, translation.AdditionalProperties);
            WriteExtra(writer, translation.AdditionalProperties, "QwenTranslationOptions.AdditionalProperties");
            writer.WriteEndObject();
        }
    }

    private static void WriteBoolean(Utf8JsonWriter writer, string name, bool? value, PassThroughFields fields)
    {
        if (value is { } flag && !fields.Contains(name))
        {
            writer.WriteBoolean(name, flag);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, object? value, IDictionary<string, object?>? extra)
    {
        if (value is not null && (extra is null || !extra.ContainsKey(name)))
        {
            writer.WritePropertyName(name);
            JsonValueWriter.Write(writer, value, name);
        }
    }

    private static void WriteExtra(Utf8JsonWriter writer, IDictionary<string, object?>? extra, string description)
    {
        if (extra is null)
        {
            return;
        }

        foreach (KeyValuePair<string, object?> field in extra)
        {
            writer.WritePropertyName(field.Key);
            JsonValueWriter.Write(writer, field.Value, $"{description}[\"{field.Key}\"]");
        }
    }
}
