using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The <c>messages</c> array: roles system / user / assistant / tool (<c>developer</c> is sent as <c>system</c>, which
/// Qwen requires), each message's body written for its role (<see cref="UserContentWriter"/>,
/// <see cref="AssistantMessageWriter"/>), and one <c>tool</c> message per function result. Content the protocol has no
/// representation for (another provider's hosted-tool content, <see cref="ErrorContent"/>, audio or files, images
/// outside user messages, …) is skipped and logged at Debug, as the reference OpenAI client skips what it cannot send:
/// a conversation carried over from another provider keeps working. A message left with nothing to send is skipped whole.
/// </summary>
internal static class MessageWriter
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, string? instructions, ILogger logger)
    {
        writer.WriteStartArray();
        int count = 0;
        if (!string.IsNullOrEmpty(instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, "system"u8);
            writer.WriteString("content"u8, instructions);
            writer.WriteEndObject();
            count++;
        }

        int index = 0;
        foreach (ChatMessage message in messages)
        {
            if (message is null)
            {
                Throw.ArgumentException(nameof(messages), $"messages[{index}] is null.");
            }

            count += WriteMessage(writer, message, index++, logger);
        }

        if (count == 0)
        {
            Throw.ArgumentException(nameof(messages), "At least one message with content Qwen can carry (text, images in user messages, tool calls, tool results), or ChatOptions.Instructions, is required; content with no Qwen representation is skipped.");
        }

        writer.WriteEndArray();
    }

    private static int WriteMessage(Utf8JsonWriter writer, ChatMessage message, int index, ILogger logger)
    {
        string role = MapRole(message.Role, index);
        int written = 0;
        int sendable = 0, skipped = 0;
        // Indexed, not foreach: IList<AIContent>'s enumerator is boxed, an allocation per message per request.
        for (int i = 0; i < message.Contents.Count; i++)
        {
            AIContent content = message.Contents[i];
            if (content is FunctionResultContent result)
            {
                WriteToolResult(writer, result, index);
                written++;
            }
            else if (content is UsageContent)
            {
                // Accounting carried over from a response, not conversation content.
            }
            else if (role != "tool" && IsSendable(content, role))
            {
                sendable++;
            }
            else
            {
                skipped++;
                Log.SkippedContent(logger, index, role, content.GetType().Name);
            }
        }

        if (sendable == 0 && (written > 0 || skipped > 0 || role == "tool"))
        {
            if (written == 0)
            {
                Log.SkippedMessage(logger, index, role);
            }

            return written;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            writer.WriteString("name"u8, message.AuthorName);
        }

        if (role == "assistant")
        {
            AssistantMessageWriter.WriteBody(writer, message, index);
        }
        else
        {
            UserContentWriter.Write(writer, message, role);
        }

        writer.WriteEndObject();
        return written + 1;
    }

    private static string MapRole(ChatRole role, int index)
    {
        if (role == ChatRole.User)
        {
            return "user";
        }

        if (role == ChatRole.Assistant)
        {
            return "assistant";
        }

        if (role == ChatRole.System || string.Equals(role.Value, "developer", StringComparison.OrdinalIgnoreCase))
        {
            return "system";
        }

        if (role == ChatRole.Tool)
        {
            return "tool";
        }

        Throw.ArgumentException("messages", $"messages[{index}] has role \"{role.Value}\", which Qwen does not accept; use system, user, assistant or tool.");
        return null;
    }

    /// <summary>Whether Qwen can carry <paramref name="content"/> in a message of <paramref name="role"/> (function results aside).</summary>
    public static bool IsSendable(AIContent content, string role) => content switch
    {
        TextContent => true,
        TextReasoningContent or FunctionCallContent => role == "assistant",
        DataContent data => role == "user" && IsImage(data.MediaType),
        UriContent uri => role == "user" && IsImage(uri.MediaType),
        _ => false,
    };

    private static bool IsImage(string mediaType) => mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, int index)
    {
        if (string.IsNullOrEmpty(result.CallId))
        {
            Throw.ArgumentException("messages", $"messages[{index}] has a FunctionResultContent without a CallId; Qwen needs tool_call_id to match the result to its call.");
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool"u8);
        writer.WriteString("tool_call_id"u8, result.CallId);
        string content = result.Result is null && result.Exception is { } error
            ? "Error: " + error.Message
            : JsonValueWriter.ToContentString(result.Result);
        writer.WriteString("content"u8, content);
        writer.WriteEndObject();
    }
}
