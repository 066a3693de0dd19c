using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// Correctness is not traded for speed: before measuring, one Qwen answer is checked for the metadata every update must
/// carry (ids, model, timestamp), a finish reason and usage.
/// </summary>
public static class Verification
{
    public static void Stream(IChatClient client)
    {
        List<ChatResponseUpdate> updates = [];
        foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Clients.Messages).ToBlockingEnumerable())
        {
            if (update.ResponseId is null || update.MessageId is null || update.ModelId is null || update.CreatedAt is null)
            {
                throw new InvalidOperationException("An update lacks ResponseId, MessageId, ModelId or CreatedAt.");
            }

            updates.Add(update);
        }

        Check(updates.ToChatResponse());
    }

    public static void Unary(IChatClient client) =>
        Check(client.GetResponseAsync(Clients.Messages).GetAwaiter().GetResult());

    private static void Check(ChatResponse response)
    {
        if (response.ResponseId is null || response.ModelId is null || response.CreatedAt is null || response.FinishReason is null || response.Usage?.TotalTokenCount is null)
        {
            throw new InvalidOperationException("The Qwen answer lacks an id, model, timestamp, finish reason or usage.");
        }

        if (response.Text.Length == 0 && !response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any())
        {
            throw new InvalidOperationException("The Qwen answer has neither text nor a tool call.");
        }
    }
}
