using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The body of an assistant message from history: text, <c>reasoning_content</c> (Qwen asks for it back with tool
/// calls) and <c>tool_calls</c>. Every <see cref="FunctionCallContent"/> is sent, InformationalOnly ones too (Semantic
/// Kernel marks calls it already invoked that way), because Qwen rejects tool messages whose call is missing.
/// </summary>
internal static class AssistantMessageWriter
{
    public static void WriteBody(Utf8JsonWriter writer, ChatMessage message, int index)
    {
        StringBuilder? reasoning = null;
        bool hasCalls = false;
        // Indexed, not foreach: IList<AIContent>'s enumerator is boxed, an allocation per message per request.
        for (int i = 0; i < message.Contents.Count; i++)
        {
            AIContent content = message.Contents[i];
            if (content is TextReasoningContent thought)
            {
                (reasoning ??= new StringBuilder()).Append(thought.Text);
            }
            else
            {
                hasCalls |= content is FunctionCallContent; // Text is message.Text; what Qwen cannot carry was logged by MessageWriter.
            }
        }

        writer.WriteString("content"u8, message.Text);
        if (reasoning is { Length: > 0 })
        {
            writer.WriteString("reasoning_content"u8, reasoning.ToString());
        }

        if (!hasCalls)
        {
            return;
        }

        writer.WriteStartArray("tool_calls"u8);
        for (int i = 0; i < message.Contents.Count; i++)
        {
            AIContent content = message.Contents[i];
            if (content is FunctionCallContent call)
            {
                WriteToolCall(writer, call, index);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, int index)
    {
        if (string.IsNullOrEmpty(call.CallId))
        {
            Throw.ArgumentException("messages", $"messages[{index}] has a FunctionCallContent for \"{call.Name}\" without a CallId; the tool result must refer to it.");
        }

        writer.WriteStartObject();
        writer.WriteString("id"u8, call.CallId);
        writer.WriteString("type"u8, "function"u8);
        writer.WriteStartObject("function"u8);
        writer.WriteString("name"u8, call.Name);
        writer.WriteString("arguments"u8, JsonValueWriter.ToArgumentsText(call.Arguments));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
