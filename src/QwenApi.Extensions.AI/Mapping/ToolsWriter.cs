using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Tools, tool choice and parallel tool calls. Function tools become <c>tools</c> entries; the hosted tools Qwen knows
/// are request switches instead, so they are handed back for <see cref="QwenOptionsWriter"/>.
/// </summary>
internal static class ToolsWriter
{
    public static HostedTools Write(Utf8JsonWriter writer, ChatOptions options, PassThroughFields fields)
    {
        bool webSearch = false, codeInterpreter = false, anyFunction = false;
        if (options.Tools is not { Count: > 0 } tools)
        {
            return default;
        }

        bool writeTools = !fields.Contains("tools");
        for (int i = 0; i < tools.Count; i++)
        {
            switch (tools[i])
            {
                case AIFunctionDeclaration function:
                    if (writeTools)
                    {
                        if (!anyFunction)
                        {
                            writer.WriteStartArray("tools"u8);
                        }

                        WriteFunctionTool(writer, function);
                    }

                    anyFunction = true;
                    break;
                case HostedWebSearchTool:
                    webSearch = true;
                    break;
                case HostedCodeInterpreterTool:
                    codeInterpreter = true;
                    break;
                case null:
                    Throw.ArgumentException("options", $"ChatOptions.Tools[{i}] is null.");
                    break;
                default:
                    Throw.NotSupportedException($"ChatOptions.Tools[{i}] is a {tools[i].GetType().Name} (\"{tools[i].Name}\"), which the Qwen chat-completions protocol cannot carry. Supported: AIFunction/AIFunctionDeclaration, HostedWebSearchTool (enable_search) and HostedCodeInterpreterTool (enable_code_interpreter).");
                    break;
            }
        }

        if (anyFunction && writeTools)
        {
            writer.WriteEndArray();
        }

        if (anyFunction || fields.Contains("tools"))
        {
            WriteToolChoice(writer, options.ToolMode, fields);
            if (options.AllowMultipleToolCalls is { } parallel && !fields.Contains("parallel_tool_calls"))
            {
                writer.WriteBoolean("parallel_tool_calls"u8, parallel);
            }
        }

        return new HostedTools(webSearch, codeInterpreter);
    }

    private static void WriteFunctionTool(Utf8JsonWriter writer, AIFunctionDeclaration function)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "function"u8);
        writer.WriteStartObject("function"u8);
        writer.WriteString("name"u8, function.Name);
        if (!string.IsNullOrEmpty(function.Description))
        {
            writer.WriteString("description"u8, function.Description);
        }

        writer.WritePropertyName("parameters"u8);
        if (function.JsonSchema.ValueKind == JsonValueKind.Object)
        {
            function.JsonSchema.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "object"u8);
            writer.WriteStartObject("properties"u8);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ChatToolMode? mode, PassThroughFields fields)
    {
        if (mode is null || fields.Contains("tool_choice"))
        {
            return;
        }

        switch (mode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice"u8, "none"u8);
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice"u8, "auto"u8);
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice"u8, "required"u8);
                break;
            default:
                Throw.NotSupportedException($"ChatOptions.ToolMode of type {mode.GetType().Name} is not supported.");
                break;
        }
    }
}
