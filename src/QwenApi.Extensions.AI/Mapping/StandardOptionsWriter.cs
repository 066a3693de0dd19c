using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The portable <see cref="ChatOptions"/> settings every OpenAI-style server knows (sampling, limits, stop sequences,
/// response format), checked against their documented ranges. A field the caller passes through
/// (<see cref="PassThroughFields"/>) is not written.
/// </summary>
internal static class StandardOptionsWriter
{
    public static void Write(Utf8JsonWriter writer, ChatOptions options, PassThroughFields fields)
    {
        if (options.Temperature is { } temperature && !fields.Contains("temperature"))
        {
            RequireRange(temperature is >= 0 and <= 2, "ChatOptions.Temperature", temperature, "must be between 0 and 2");
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP && !fields.Contains("top_p"))
        {
            RequireRange(topP is > 0 and <= 1, "ChatOptions.TopP", topP, "must be greater than 0 and at most 1");
            writer.WriteNumber("top_p"u8, topP);
        }

        if (options.TopK is { } topK && !fields.Contains("top_k"))
        {
            RequireRange(topK > 0, "ChatOptions.TopK", topK, "must be positive");
            writer.WriteNumber("top_k"u8, topK);
        }

        if (options.MaxOutputTokens is { } maxTokens && !fields.Contains("max_tokens"))
        {
            RequireRange(maxTokens > 0, "ChatOptions.MaxOutputTokens", maxTokens, "must be positive");
            writer.WriteNumber("max_tokens"u8, maxTokens);
        }

        if (options.Seed is { } seed && !fields.Contains("seed"))
        {
            RequireRange(seed is >= 0 and <= int.MaxValue, "ChatOptions.Seed", seed, "must be between 0 and 2^31-1");
            writer.WriteNumber("seed"u8, seed);
        }

        if (options.FrequencyPenalty is { } frequency && !fields.Contains("frequency_penalty"))
        {
            writer.WriteNumber("frequency_penalty"u8, frequency);
        }

        if (options.PresencePenalty is { } presence && !fields.Contains("presence_penalty"))
        {
            writer.WriteNumber("presence_penalty"u8, presence);
        }

        if (options.StopSequences is { Count: > 0 } stop && !fields.Contains("stop"))
        {
            writer.WriteStartArray("stop"u8);
            foreach (string sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        if (options.ResponseFormat is { } format && !fields.Contains("response_format"))
        {
            WriteResponseFormat(writer, format);
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatResponseFormat format)
    {
        writer.WriteStartObject("response_format"u8);
        switch (format)
        {
            case ChatResponseFormatText:
                writer.WriteString("type"u8, "text"u8);
                break;
            case ChatResponseFormatJson { Schema: { } schema } json:
                writer.WriteString("type"u8, "json_schema"u8);
                writer.WriteStartObject("json_schema"u8);
                writer.WriteString("name"u8, json.SchemaName ?? "response");
                if (json.SchemaDescription is { } description)
                {
                    writer.WriteString("description"u8, description);
                }

                writer.WritePropertyName("schema"u8);
                schema.WriteTo(writer);
                writer.WriteEndObject();
                break;
            case ChatResponseFormatJson:
                writer.WriteString("type"u8, "json_object"u8);
                break;
            default:
                Throw.NotSupportedException($"ChatOptions.ResponseFormat of type {format.GetType().Name} is not supported by Qwen; use ChatResponseFormat.Text, ChatResponseFormat.Json or ChatResponseFormat.ForJsonSchema(...).");
                break;
        }

        writer.WriteEndObject();
    }

    private static void RequireRange(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            Throw.ArgumentOutOfRangeException("options", value, $"{name} {rule} (it is {value}).");
        }
    }
}
