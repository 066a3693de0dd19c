using QwenApi.Extensions.AI;

namespace QwenApi.LiveTests;

/// <summary>Smoke tests against the real proxy. They are not what proves a feature (the simulator and corpus do); they catch drift.</summary>
public sealed class LiveChatTests
{
    private static QwenChatClient CreateClient()
    {
        var options = new QwenClientOptions
        {
            ApiKey = Environment.GetEnvironmentVariable("QWEN_API_KEY"),
            ModelId = Environment.GetEnvironmentVariable("QWEN_MODEL") ?? QwenModels.QwenPlus,
        };
        if (Environment.GetEnvironmentVariable("QWEN_ENDPOINT") is { Length: > 0 } endpoint)
        {
            options.Endpoint = new Uri(endpoint);
        }

        return new QwenChatClient(options);
    }

    [LiveFact]
    public async Task GetResponseAsync_RealService_AnswersWithUsage()
    {
        using QwenChatClient client = CreateClient();

        ChatResponse response = await client.GetResponseAsync("Reply with the single word: pong", new QwenChatOptions { EnableThinking = false, MaxOutputTokens = 10 });

        Assert.Contains("pong", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(response.Usage?.TotalTokenCount);
    }

    [LiveFact]
    public async Task GetStreamingResponseAsync_RealServiceWithThinking_StreamsReasoningAndAnswer()
    {
        using QwenChatClient client = CreateClient();

        ChatResponse response = await client.GetStreamingResponseAsync("What is 17 * 23? Answer with the number.", new QwenChatOptions { EnableThinking = true }).ToChatResponseAsync();

        Assert.Contains("391", response.Text, StringComparison.Ordinal);
        Assert.NotEmpty(response.Messages.Single().Contents.OfType<TextReasoningContent>());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }
}
