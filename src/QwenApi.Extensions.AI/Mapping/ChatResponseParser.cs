using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Maps a non-streaming <c>chat.completion</c> body to a <see cref="ChatResponse"/>: one assistant message holding
/// reasoning, text and one <see cref="FunctionCallContent"/> per tool call, in that order (the order a stream's
/// updates coalesce to), plus id, model, timestamp, finish reason, usage and the raw JSON.
/// </summary>
internal static class ChatResponseParser
{
    public static ChatResponse Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The response body is not a JSON object.");
        }

        var message = new ChatMessage(ChatRole.Assistant, new List<AIContent>());
        ChatFinishReason? finishReason = null;
        if (root.TryGetProperty("choices"u8, out JsonElement choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("index"u8, out JsonElement index) && index.ValueKind == JsonValueKind.Number && index.GetInt32() != 0)
                {
                    continue; // Only the first choice is mapped; the client never asks for more (n > 1 is refused).
                }

                if (choice.TryGetProperty("message"u8, out JsonElement body) && body.ValueKind == JsonValueKind.Object)
                {
                    AddMessageContents(message.Contents, body);
                }

                finishReason = ResponseMapping.MapFinishReason(GetString(choice, "finish_reason"u8)) ?? finishReason;
            }
        }

        string? id = GetString(root, "id"u8);
        message.MessageId = id;
        return new ChatResponse(message)
        {
            ResponseId = id,
            ModelId = GetString(root, "model"u8),
            CreatedAt = ResponseMapping.MapCreated(GetInt64(root, "created"u8)),
            FinishReason = finishReason,
            Usage = root.TryGetProperty("usage"u8, out JsonElement usage) && usage.ValueKind == JsonValueKind.Object ? MapUsage(usage) : null,
            RawRepresentation = root,
        };
    }

    private static void AddMessageContents(IList<AIContent> contents, JsonElement body)
    {
        if (GetString(body, "reasoning_content"u8) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (GetString(body, "content"u8) is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        if (!body.TryGetProperty("tool_calls"u8, out JsonElement calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var accumulator = new ToolCallAccumulator();
        int position = 0;
        foreach (JsonElement call in calls.EnumerateArray())
        {
            int index = GetInt64(call, "index"u8) is { } i ? (int)i : position;
            position++;
            string? name = null, arguments = null;
            if (call.TryGetProperty("function"u8, out JsonElement function) && function.ValueKind == JsonValueKind.Object)
            {
                name = GetString(function, "name"u8);
                arguments = function.TryGetProperty("arguments"u8, out JsonElement args) && args.ValueKind == JsonValueKind.Object
                    ? args.GetRawText() // Tolerate a server that sends arguments as an object rather than JSON text.
                    : GetString(function, "arguments"u8);
            }

            accumulator.Add(index, GetString(call, "id"u8), name, arguments);
        }

        accumulator.CompleteAll(contents);
    }

    private static UsageDetails MapUsage(JsonElement usage)
    {
        long? cached = usage.TryGetProperty("prompt_tokens_details"u8, out JsonElement prompt) && prompt.ValueKind == JsonValueKind.Object
            ? GetInt64(prompt, "cached_tokens"u8) : null;
        long? reasoning = usage.TryGetProperty("completion_tokens_details"u8, out JsonElement completion) && completion.ValueKind == JsonValueKind.Object
            ? GetInt64(completion, "reasoning_tokens"u8) : null;
        return ResponseMapping.MapUsage(GetInt64(usage, "prompt_tokens"u8), GetInt64(usage, "completion_tokens"u8), GetInt64(usage, "total_tokens"u8), cached, reasoning);
    }

    private static string? GetString(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? GetInt64(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : null;

    /// <summary>True when a 200 body is an error document rather than a completion (the proxy can answer errors with 200).</summary>
    public static bool IsErrorDocument(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error"u8, out JsonElement error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String
        && !root.TryGetProperty("choices"u8, out _);
}
