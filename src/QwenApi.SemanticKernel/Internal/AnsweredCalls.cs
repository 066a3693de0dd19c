using Microsoft.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Function invocation marks the calls it has answered as <see cref="FunctionCallContent.InformationalOnly"/>, and
/// <see cref="QwenApi.Extensions.AI.QwenChatClient"/> leaves informational calls out of <c>tool_calls</c>; Qwen then
/// rejects the request, because a <c>tool</c> message must follow the assistant message that made its call. This sends
/// each answered call as an ordinary call again (on copies: the caller's messages are not changed).
/// </summary>
/// <remarks>Remove once the request writer itself writes informational calls that have a result in the request.</remarks>
internal static class AnsweredCalls
{
    public static IEnumerable<ChatMessage> Restore(IEnumerable<ChatMessage> messages)
    {
        IList<ChatMessage> list = messages as IList<ChatMessage> ?? [.. messages];
        HashSet<string>? answered = null;
        foreach (ChatMessage message in list)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionResultContent result)
                {
                    (answered ??= new(StringComparer.Ordinal)).Add(result.CallId);
                }
            }
        }

        if (answered is null)
        {
            return list;
        }

        var restored = new List<ChatMessage>(list.Count);
        foreach (ChatMessage message in list)
        {
            bool affected = message.Contents.Any(c => c is FunctionCallContent { InformationalOnly: true } call && answered.Contains(call.CallId));
            restored.Add(affected ? Copy(message, answered) : message);
        }

        return restored;
    }

    private static ChatMessage Copy(ChatMessage message, HashSet<string> answered)
    {
        var contents = new List<AIContent>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            contents.Add(content is FunctionCallContent { InformationalOnly: true } call && answered.Contains(call.CallId)
                ? new FunctionCallContent(call.CallId, call.Name, call.Arguments)
                {
                    Exception = call.Exception,
                    RawRepresentation = call.RawRepresentation,
                    AdditionalProperties = call.AdditionalProperties,
                }
                : content);
        }

        return new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            CreatedAt = message.CreatedAt,
            RawRepresentation = message.RawRepresentation,
            AdditionalProperties = message.AdditionalProperties,
        };
    }
}
