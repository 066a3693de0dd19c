using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Qwen-only fields derived from portable settings, and the wire form of Qwen's option objects.</summary>
internal static class QwenOptionsWriter
{
    /// <summary>
    /// The Qwen fields that come from portable MEAI settings. The typed <see cref="QwenChatOptions"/> properties need no
    /// code here: they live in <see cref="ChatOptions.AdditionalProperties"/>, which <see cref="PassThroughFields"/> writes,
    /// and an entry there wins over what is derived here.
    /// </summary>
    public static void WriteDerived(Utf8JsonWriter writer, ChatOptions chatOptions, HostedTools hosted, PassThroughFields fields)
    {
        // Reasoning.Effort is the portable switch: None turns thinking off, any other effort turns it on.
        WriteBoolean(writer, "enable_thinking", chatOptions.Reasoning?.Effort is { } effort ? effort != ReasoningEffort.None : null, fields);
        WriteBoolean(writer, "enable_search", hosted.WebSearch ? true : null, fields);
        WriteBoolean(writer, "enable_code_interpreter", hosted.CodeInterpreter ? true : null, fields);
    }

    /// <summary>Writes the wire form of <see cref="QwenSearchOptions"/>; its own extra entries win over its typed values.</summary>
    public static void WriteSearchOptions(Utf8JsonWriter writer, QwenSearchOptions search)
    {
        writer.WriteStartObject();
        WriteOptional(writer, "forced_search", search.ForcedSearch, search.AdditionalProperties);
        WriteOptional(writer, "search_strategy", search.SearchStrategy, search.AdditionalProperties);
        WriteOptional(writer, "enable_source", search.EnableSource, search.AdditionalProperties);
        WriteOptional(writer, "enable_citation", search.EnableCitation, search.AdditionalProperties);
        WriteExtra(writer, search.AdditionalProperties, "QwenSearchOptions.AdditionalProperties");
        writer.WriteEndObject();
    }

    /// <summary>Writes the wire form of <see cref="QwenTranslationOptions"/>; its own extra entries win over its typed values.</summary>
    public static void WriteTranslationOptions(Utf8JsonWriter writer, QwenTranslationOptions translation)
    {
        writer.WriteStartObject();
        WriteOptional(writer, "source_lang", translation.SourceLang, translation.AdditionalProperties);
        WriteOptional(writer, "target_lang", translation.TargetLang, translation.AdditionalProperties);
        WriteOptional(writer, "domains", translation.Domains, translation.AdditionalProperties);
        WriteExtra(writer, translation.AdditionalProperties, "QwenTranslationOptions.AdditionalProperties");
        writer.WriteEndObject();
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
