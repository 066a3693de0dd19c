using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using MeaiFunctionCall = Microsoft.Extensions.AI.FunctionCallContent;
using MeaiText = Microsoft.Extensions.AI.TextContent;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Converts a <see cref="ChatResponseUpdate"/> to a <see cref="StreamingChatMessageContent"/>: text, reasoning
/// (<see cref="StreamingReasoningContent"/>), calls in the form <see cref="FunctionCallContentBuilder"/> reads, and the
/// finish reason and usage in <see cref="StreamingKernelContent.Metadata"/> on the update that carries them.
/// </summary>
internal static class StreamingMapper
{
    public static StreamingChatMessageContent ToStreamingContent(ChatResponseUpdate update, FunctionNames names, ref int callIndex)
    {
        Dictionary<string, object?>? metadata = null;
        if (update.AdditionalProperties is { Count: > 0 } extra)
        {
            metadata = new Dictionary<string, object?>(extra, StringComparer.Ordinal);
        }

        var content = new StreamingChatMessageContent(update.Role is { } role ? new AuthorRole(role.Value) : null, content: null)
        {
            ModelId = update.ModelId,
            InnerContent = update.RawRepresentation,
        };

        foreach (AIContent item in update.Contents)
        {
            StreamingKernelContent? converted = item switch
            {
                TextReasoningContent reasoning => new StreamingReasoningContent(reasoning.Text),
                MeaiText text => new StreamingTextContent(text.Text),
                MeaiFunctionCall call when update.Role != ChatRole.Tool => new StreamingFunctionCallUpdateContent(
                    call.CallId, names.ToStreamingName(call.Name), SerializeArguments(call.Arguments), callIndex++),
                _ => null,
            };

            if (item is UsageContent usage)
            {
                (metadata ??= new(StringComparer.Ordinal))[QwenMetadataKeys.Usage] = usage.Details;
            }

            if (converted is not null)
            {
                converted.ModelId = update.ModelId;
                converted.InnerContent = item.RawRepresentation;
                content.Items.Add(converted);
            }
        }

        if (update.FinishReason is { } finish)
        {
            (metadata ??= new(StringComparer.Ordinal))[QwenMetadataKeys.FinishReason] = finish.Value;
        }

        if (metadata is not null)
        {
            metadata[QwenMetadataKeys.Id] = update.ResponseId;
            content.Metadata = metadata;
        }

        return content;
    }

    private static string? SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null ? null : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
}
