using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using MeaiFunctionCall = Microsoft.Extensions.AI.FunctionCallContent;
using MeaiFunctionResult = Microsoft.Extensions.AI.FunctionResultContent;
using MeaiText = Microsoft.Extensions.AI.TextContent;
using SkFunctionCall = Microsoft.SemanticKernel.FunctionCallContent;
using SkFunctionResult = Microsoft.SemanticKernel.FunctionResultContent;
using SkText = Microsoft.SemanticKernel.TextContent;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Converts a <see cref="ChatHistory"/> to Microsoft.Extensions.AI messages. Unlike Semantic Kernel's own conversion it
/// keeps <see cref="ReasoningContent"/> (Qwen asks for reasoning to be sent back with tool calls) and sends a call's
/// qualified name (<c>Plugin_Function</c>), the name the tool was offered under.
/// </summary>
internal static class ChatHistoryMapper
{
    public static List<ChatMessage> ToChatMessages(ChatHistory history)
    {
        var messages = new List<ChatMessage>(history.Count);
        foreach (ChatMessageContent content in history)
        {
            messages.Add(ToChatMessage(content));
        }

        return messages;
    }

    public static ChatMessage ToChatMessage(ChatMessageContent content)
    {
        var message = new ChatMessage(new ChatRole(content.Role.Label), (IList<AIContent>?)null)
        {
            AuthorName = content.AuthorName,
            RawRepresentation = content.InnerContent,
        };

        foreach (KernelContent item in content.Items)
        {
            switch (item)
            {
                case SkText text:
                    message.Contents.Add(new MeaiText(text.Text));
                    break;
                case ReasoningContent reasoning:
                    message.Contents.Add(new TextReasoningContent(reasoning.Text));
                    break;
                case SkFunctionCall call:
                    message.Contents.Add(new MeaiFunctionCall(
                        call.Id ?? string.Empty,
                        FunctionNames.ToToolName(call.PluginName, call.FunctionName),
                        call.Arguments is null ? null : new Dictionary<string, object?>(call.Arguments, StringComparer.Ordinal)));
                    break;
                case SkFunctionResult result:
                    message.Contents.Add(new MeaiFunctionResult(result.CallId ?? string.Empty, result.Result));
                    break;
                default:
                    // Images, audio and files: Semantic Kernel's own conversion knows them.
                    foreach (AIContent converted in new ChatMessageContent(content.Role, [item]).ToChatMessage().Contents)
                    {
                        message.Contents.Add(converted);
                    }

                    break;
            }
        }

        return message;
    }
}
