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
/// Converts a <see cref="ChatResponse"/> message to a <see cref="ChatMessageContent"/>, keeping what Semantic Kernel's
/// stock bridge drops: reasoning (as <see cref="ReasoningContent"/>), the finish reason, and the plugin name of calls.
/// </summary>
internal static class ResponseMapper
{
    public static ChatMessageContent ToContent(ChatMessage message, ChatResponse response, FunctionNames names, bool isFinal)
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.AdditionalProperties is { } extra)
        {
            foreach (KeyValuePair<string, object?> entry in extra)
            {
                metadata[entry.Key] = entry.Value;
            }
        }

        metadata[QwenMetadataKeys.Id] = message.MessageId ?? response.ResponseId;
        metadata[QwenMetadataKeys.CreatedAt] = message.CreatedAt ?? response.CreatedAt;
        if (isFinal)
        {
            metadata[QwenMetadataKeys.FinishReason] = response.FinishReason?.Value;
            metadata[QwenMetadataKeys.Usage] = response.Usage;
        }

        var content = new ChatMessageContent
        {
            Role = new AuthorRole(message.Role.Value),
            AuthorName = message.AuthorName,
            ModelId = response.ModelId,
            InnerContent = message.RawRepresentation ?? response.RawRepresentation,
            Metadata = metadata,
        };

        foreach (AIContent item in message.Contents)
        {
            if (ToKernelContent(item, names) is { } converted)
            {
                converted.ModelId = response.ModelId;
                converted.InnerContent = item.RawRepresentation;
                content.Items.Add(converted);
            }
        }

        return content;
    }

    private static KernelContent? ToKernelContent(AIContent item, FunctionNames names)
    {
        switch (item)
        {
            case TextReasoningContent reasoning:
                return new ReasoningContent(reasoning.Text);
            case MeaiText text:
                return new SkText(text.Text);
            case MeaiFunctionCall call:
                (string? plugin, string function) = names.Resolve(call.Name);
                return new SkFunctionCall(function, plugin, call.CallId, call.Arguments is null ? null : new KernelArguments(call.Arguments))
                {
                    Exception = call.Exception,
                };
            case MeaiFunctionResult result:
                return new SkFunctionResult(functionName: null, pluginName: null, result.CallId, result.Result);
            default:
                return null;
        }
    }
}
