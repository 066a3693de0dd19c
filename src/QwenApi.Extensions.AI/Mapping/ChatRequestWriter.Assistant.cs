using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <content>
/// Assistant history: every FunctionCallContent is sent, InformationalOnly ones too (Semantic Kernel marks calls it
/// already invoked that way), because Qwen rejects tool messages whose call is missing. Also text, <c>reasoning_content</c> (Qwen asks for it back with tool calls) and <c>tool_calls</c>; and tool results.</content>
internal static partial class ChatRequestWriter
{
    private static void WriteAssistantBody(Utf8JsonWriter writer, ChatMessage message, int index)
    {
        StringBuilder? reasoning = null;
        bool hasCalls = false;
        // Indexed, not foreach: IList<AIContent>'s enumerator is boxed, an allocation per message per request.
        for (int i = 0; i < message.Contents.Count; i++)
        {
            AIContent content = message.Contents[i];
            switch (content)
            {
                case TextContent:
                case UsageContent:
                case FunctionResultContent:
                    break;
                case TextReasoningContent thought:
                    (reasoning ??= new StringBuilder()).Append(thought.Text);
                    break;
                case FunctionCallContent call:
                    hasCalls = true;
                    break;
                default:
                    break; // skipped and logged by WriteMessage
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
