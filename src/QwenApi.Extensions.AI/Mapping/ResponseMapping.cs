using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Mapping shared by the non-streaming and streaming paths: finish reasons, usage, timestamps and tool calls.</summary>
internal static class ResponseMapping
{
    /// <summary>Known values map to MEAI's constants; any other string is kept as it is, never an exception.</summary>
    public static ChatFinishReason? MapFinishReason(string? value) => value switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };

    public static DateTimeOffset? MapCreated(long? unixSeconds) =>
        unixSeconds is { } seconds and >= -62135596800 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public static UsageDetails MapUsage(long? prompt, long? completion, long? total, long? cached, long? reasoning) => new()
    {
        InputTokenCount = prompt,
        OutputTokenCount = completion,
        TotalTokenCount = total,
        CachedInputTokenCount = cached,
        ReasoningTokenCount = reasoning,
    };

    /// <summary>
    /// Builds a call from its accumulated arguments. Empty arguments mean an empty object (Qwen sends <c>""</c> for
    /// parameterless tools); invalid JSON sets <see cref="FunctionCallContent.Exception"/>, as MEAI expects, rather than throwing.
    /// </summary>
    public static FunctionCallContent CreateFunctionCall(string callId, string name, string arguments) =>
        FunctionCallContent.CreateFromParsedArguments(arguments, callId, name, static json =>
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return new Dictionary<string, object?>();
            }

            return JsonSerializer.Deserialize(json, QwenJsonContext.Default.DictionaryStringObject)
                ?? throw new JsonException("Tool-call arguments are JSON null, not an object.");
        });
}
