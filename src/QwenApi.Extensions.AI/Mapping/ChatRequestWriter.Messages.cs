using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>
/// Messages: roles system / user / assistant / tool (<c>developer</c> is sent as <c>system</c>, which Qwen requires),
/// text and image parts, tool calls with <c>reasoning_content</c>, and one <c>tool</c> message per function result.
/// Content the protocol cannot carry raises <see cref="NotSupportedException"/> naming it; nothing is dropped silently.
/// </content>
internal static partial class ChatRequestWriter
{
    private static void WriteMessages(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, string? instructions)
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

            count += WriteMessage(writer, message, index++);
        }

        if (count == 0)
        {
            Throw.ArgumentException(nameof(messages), "At least one message (or ChatOptions.Instructions) is required.");
        }

        writer.WriteEndArray();
    }

    private static int WriteMessage(Utf8JsonWriter writer, ChatMessage message, int index)
    {
        string role = MapRole(message.Role, index);
        int written = 0;
        bool hasOther = false;
        // Indexed, not foreach: IList<AIContent>'s enumerator is boxed, an allocation per message per request.
        for (int i = 0; i < message.Contents.Count; i++)
        {
            AIContent content = message.Contents[i];
            if (content is FunctionResultContent result)
            {
                WriteToolResult(writer, result, index);
                written++;
            }
            else if (content is not UsageContent)
            {
                hasOther = true;
            }
        }

        if (role == "tool")
        {
            if (hasOther)
            {
                Throw.NotSupportedException($"messages[{index}] has role tool but carries content other than FunctionResultContent; a Qwen tool message answers one tool call (FunctionResultContent with its CallId).");
            }

            return written;
        }

        if (!hasOther && written > 0)
        {
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
            WriteAssistantBody(writer, message, index);
        }
        else
        {
            WriteUserOrSystemContent(writer, message, role, index);
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

    private static void WriteUserOrSystemContent(Utf8JsonWriter writer, ChatMessage message, string role, int index)
    {
        IList<AIContent> contents = message.Contents;
        int texts = 0, others = 0;
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            switch (content)
            {
                case TextContent:
                    texts++;
                    break;
                case DataContent or UriContent when role == "user":
                    others++;
                    break;
                case FunctionResultContent or UsageContent:
                    break;
                default:
                    Throw.NotSupportedException(Unsupported(content, index, role));
                    break;
            }
        }

        if (others == 0 && (texts <= 1 || role == "system"))
        {
            writer.WriteString("content"u8, message.Text);
            return;
        }

        writer.WriteStartArray("content"u8);
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            switch (content)
            {
                case TextContent text:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, text.Text);
                    writer.WriteEndObject();
                    break;
                case DataContent data:
                    RequireImage(data.MediaType, content, index, role);
                    WriteImagePart(writer, data.Uri);
                    break;
                case UriContent uri:
                    RequireImage(uri.MediaType, content, index, role);
                    WriteImagePart(writer, uri.Uri.AbsoluteUri);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteImagePart(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image_url"u8);
        writer.WriteStartObject("image_url"u8);
        writer.WriteString("url"u8, url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void RequireImage(string mediaType, AIContent content, int index, string role)
    {
        if (!mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            Throw.NotSupportedException(Unsupported(content, index, role) + $" Its media type is {mediaType}; Qwen chat messages accept images only.");
        }
    }

    private static string Unsupported(AIContent content, int index, string role) =>
        $"messages[{index}] ({role}) contains {content.GetType().Name}, which the Qwen chat-completions protocol cannot carry in a {role} message.";
}
