using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Maps a non-streaming <c>chat.completion</c> body to a <see cref="ChatResponse"/>: one assistant message holding
/// reasoning, text and one <see cref="FunctionCallContent"/> per tool call, in that order (the order a stream's
/// updates coalesce to), plus id, model, timestamp, finish reason, usage and the raw JSON. Only choice 0 (by its
/// <c>index</c>, else its position) is mapped. The rules are the stream parser's (<see cref="ChunkParser"/>): null is
/// absent, array elements that are not objects are skipped, integral numbers such as <c>0.0</c> are integers, and any
/// other invalid value is a <see cref="JsonException"/> naming the field.
/// </summary>
internal static class ChatResponseParser
{
    /// <exception cref="JsonException">The body is not a valid completion; the message names the field and the problem.</exception>
    public static ChatResponse Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The response body is not a JSON object.");
        }

        var message = new ChatMessage(ChatRole.Assistant, new List<AIContent>());
        ChatFinishReason? finishReason = null;
        if (JsonElementFields.TryGet(root, "choices"u8, JsonValueKind.Array, "choices", out JsonElement choices))
        {
            int position = 0;
            foreach (JsonElement choice in choices.EnumerateArray())
            {
                if (choice.ValueKind != JsonValueKind.Object)
                {
                    continue; // Not a choice (a proxy's stray null): nothing to map.
                }

                long index = JsonElementFields.GetInteger(choice, "index"u8, "choices[].index", int.MinValue, int.MaxValue) ?? position;
                position++;
                if (index != 0)
                {
                    continue; // Only the first choice is mapped; the client never asks for more (n > 1 is refused).
                }

                if (JsonElementFields.TryGet(choice, "message"u8, JsonValueKind.Object, "choices[].message", out JsonElement body))
                {
                    AddMessageContents(message.Contents, body);
                }

                finishReason = ResponseMapping.MapFinishReason(JsonElementFields.GetString(choice, "finish_reason"u8, "choices[].finish_reason")) ?? finishReason;
            }
        }

        string? id = JsonElementFields.GetString(root, "id"u8, "id");
        message.MessageId = id;
        return new ChatResponse(message)
        {
            ResponseId = id,
            ModelId = JsonElementFields.GetString(root, "model"u8, "model"),
            CreatedAt = ResponseMapping.MapCreated(JsonElementFields.GetInteger(root, "created"u8, "created", long.MinValue, long.MaxValue)),
            FinishReason = finishReason,
            Usage = JsonElementFields.TryGet(root, "usage"u8, JsonValueKind.Object, "usage", out JsonElement usage) ? MapUsage(usage) : null,
            RawRepresentation = root,
        };
    }

    private static void AddMessageContents(IList<AIContent> contents, JsonElement body)
    {
        if (JsonElementFields.GetString(body, "reasoning_content"u8, "choices[].message.reasoning_content") is { } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (JsonElementFields.GetString(body, "content"u8, "choices[].message.content") is { } text)
        {
            contents.Add(new TextContent(text));
        }

        if (!JsonElementFields.TryGet(body, "tool_calls"u8, JsonValueKind.Array, "choices[].message.tool_calls", out JsonElement calls))
        {
            return;
        }

        // The complete array goes through the stream's rules, as one delta holding every fragment, so both paths agree.
        var accumulator = new ToolCallAccumulator();
        foreach (JsonElement call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            int? index = (int?)JsonElementFields.GetInteger(call, "index"u8, "choices[].message.tool_calls[].index", int.MinValue, int.MaxValue);
            string? name = null, arguments = null;
            if (JsonElementFields.TryGet(call, "function"u8, JsonValueKind.Object, "choices[].message.tool_calls[].function", out JsonElement function))
            {
                name = JsonElementFields.GetString(function, "name"u8, "choices[].message.tool_calls[].function.name");
                arguments = GetArguments(function);
            }

            accumulator.Add(index, JsonElementFields.GetString(call, "id"u8, "choices[].message.tool_calls[].id"), name, arguments);
        }

        accumulator.CompleteAll(contents);
    }

    /// <summary>JSON text as a string (the protocol); a server that sends the object or array itself gets its compact text, as a stream does.</summary>
    private static string? GetArguments(JsonElement function)
    {
        const string Field = "choices[].message.tool_calls[].function.arguments";
        if (function.TryGetProperty("arguments"u8, out JsonElement args) && args.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return JsonCompactText.FromRaw(JsonMarshal.GetRawUtf8Value(args), Field);
        }

        return args.ValueKind is JsonValueKind.Undefined or JsonValueKind.String or JsonValueKind.Null
            ? JsonElementFields.GetString(function, "arguments"u8, Field)
            : throw JsonFieldErrors.WrongType(Field, "a string, an object, an array or null", args.ValueKind);
    }

    private static UsageDetails MapUsage(JsonElement usage)
    {
        long? cached = JsonElementFields.TryGet(usage, "prompt_tokens_details"u8, JsonValueKind.Object, "usage.prompt_tokens_details", out JsonElement prompt)
            ? Count(prompt, "cached_tokens"u8, "usage.prompt_tokens_details.cached_tokens") : null;
        long? reasoning = JsonElementFields.TryGet(usage, "completion_tokens_details"u8, JsonValueKind.Object, "usage.completion_tokens_details", out JsonElement completion)
            ? Count(completion, "reasoning_tokens"u8, "usage.completion_tokens_details.reasoning_tokens") : null;
        return ResponseMapping.MapUsage(
            Count(usage, "prompt_tokens"u8, "usage.prompt_tokens"), Count(usage, "completion_tokens"u8, "usage.completion_tokens"), Count(usage, "total_tokens"u8, "usage.total_tokens"), cached, reasoning);
    }

    private static long? Count(JsonElement element, ReadOnlySpan<byte> name, string field) =>
        JsonElementFields.GetInteger(element, name, field, long.MinValue, long.MaxValue);

    /// <summary>True when a 200 body is an error document rather than a completion (the proxy can answer errors with 200).</summary>
    public static bool IsErrorDocument(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error"u8, out JsonElement error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String
        && !root.TryGetProperty("choices"u8, out _);
}
