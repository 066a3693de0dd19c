namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>One call made the ways tests make it (unary or streamed to the end), and the answer the simulator gives by default.</summary>
internal static class ChatCalls
{
    /// <summary>The simulator's default answer to <paramref name="prompt"/>.</summary>
    public static string AnswerTo(string prompt) => "Simulated answer to: " + prompt;

    /// <summary>Streams a call to the end, collecting each update's text; the exception, if any, is returned, not thrown.</summary>
    public static async Task<StreamOutcome> StreamAsync(IChatClient client, string prompt, CancellationToken cancellationToken = default)
    {
        var texts = new List<string>();
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    texts.Add(update.Text);
                }
            }

            return new StreamOutcome(texts, null);
        }
        catch (Exception ex)
        {
            return new StreamOutcome(texts, ex);
        }
    }

    /// <summary>Makes one call, unary or streamed to the end, and returns what the caller saw; the exception, if any, is returned, not thrown.</summary>
    public static async Task<StreamOutcome> OutcomeAsync(IChatClient client, string prompt, bool stream)
    {
        if (stream)
        {
            return await StreamAsync(client, prompt);
        }

        try
        {
            ChatResponse response = await client.GetResponseAsync(prompt);
            return new StreamOutcome([response.Text], null);
        }
        catch (Exception ex)
        {
            return new StreamOutcome([], ex);
        }
    }

    /// <summary>Makes one call, unary or streamed to the end, and returns the answer text; failures are thrown.</summary>
    public static async Task<string> CallAsync(IChatClient client, string prompt, bool stream, CancellationToken cancellationToken = default)
    {
        if (!stream)
        {
            ChatResponse response = await client.GetResponseAsync(prompt, cancellationToken: cancellationToken);
            return response.Text;
        }

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
