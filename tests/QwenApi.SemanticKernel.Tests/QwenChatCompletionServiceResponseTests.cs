using System.Text;
using Microsoft.Extensions.AI;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests;

/// <summary>Reasoning, finish reason and usage reach Semantic Kernel users, exactly as the client reports them.</summary>
public sealed class QwenChatCompletionServiceResponseTests
{
    [Fact]
    public async Task GetChatMessageContents_Thinking_ReturnsReasoningFinishReasonAndUsage()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = new QwenChatClient(TestKernels.Options(simulator));
        ChatResponse expected = await client.GetResponseAsync("Why is the sky blue?", new QwenChatOptions { EnableThinking = true });
        using var service = new QwenChatCompletionService(client);

        ChatMessageContent answer = await service.GetChatMessageContentAsync(
            new ChatHistory("Why is the sky blue?", AuthorRole.User), new QwenPromptExecutionSettings { EnableThinking = true });

        Assert.Equal("Simulated answer to: Why is the sky blue?", answer.Content);
        Assert.Equal("Thinking about: Why is the sky blue?", Assert.Single(answer.Items.OfType<ReasoningContent>()).Text);
        Assert.Equal("stop", answer.Metadata![QwenMetadataKeys.FinishReason]);
        var usage = Assert.IsType<UsageDetails>(answer.Metadata[QwenMetadataKeys.Usage]);
        Assert.Equal(
            (expected.Usage!.InputTokenCount, expected.Usage.OutputTokenCount, expected.Usage.TotalTokenCount, expected.Usage.ReasoningTokenCount),
            (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.ReasoningTokenCount));
        Assert.True(usage.ReasoningTokenCount > 0);
        Assert.Equal("chatcmpl-sim-2", answer.Metadata[QwenMetadataKeys.Id]);
        Assert.Equal("qwen-plus", answer.ModelId);
    }

    [Fact]
    public async Task GetStreamingChatMessageContents_Thinking_StreamsReasoningApartFromTextWithFinishReasonAndUsage()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));
        var reasoning = new StringBuilder();
        var text = new StringBuilder();
        string? finish = null;
        UsageDetails? usage = null;

        await foreach (StreamingChatMessageContent update in service.GetStreamingChatMessageContentsAsync(
            new ChatHistory("Why is the sky blue?", AuthorRole.User), new QwenPromptExecutionSettings { EnableThinking = true }))
        {
            reasoning.Append(string.Concat(update.Items.OfType<StreamingReasoningContent>().Select(r => r.Text)));
            text.Append(update.Content);
            if (update.Metadata is { } metadata)
            {
                finish ??= metadata.TryGetValue(QwenMetadataKeys.FinishReason, out object? f) ? (string?)f : null;
                usage ??= metadata.TryGetValue(QwenMetadataKeys.Usage, out object? u) ? (UsageDetails?)u : null;
            }
        }

        Assert.Equal("Thinking about: Why is the sky blue?", reasoning.ToString());
        Assert.Equal("Simulated answer to: Why is the sky blue?", text.ToString());
        Assert.Equal("stop", finish);
        Assert.NotNull(usage);
        Assert.True(usage.ReasoningTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetChatMessageContents_MaxTokensReached_ReportsLength()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));

        ChatMessageContent answer = await service.GetChatMessageContentAsync(
            new ChatHistory("Tell me a long story", AuthorRole.User), new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 2 } });

        Assert.Equal("length", answer.Metadata![QwenMetadataKeys.FinishReason]);
        Assert.Equal(2, TestKernels.Body(simulator, 1).GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task GetChatMessageContents_HistoryWithReasoning_SendsReasoningBack()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));
        var history = new ChatHistory("Hi", AuthorRole.User);
        history.Add(new ChatMessageContent(AuthorRole.Assistant, [new ReasoningContent("I should greet."), new Microsoft.SemanticKernel.TextContent("Hello!")]));
        history.AddUserMessage("Again");

        _ = await service.GetChatMessageContentAsync(history, new QwenPromptExecutionSettings { PreserveThinking = true });

        System.Text.Json.JsonElement body = TestKernels.Body(simulator, 1);
        System.Text.Json.JsonElement assistant = body.GetProperty("messages")[1];
        Assert.Equal(("Hello!", "I should greet."), (assistant.GetProperty("content").GetString(), assistant.GetProperty("reasoning_content").GetString()));
        Assert.True(body.GetProperty("preserve_thinking").GetBoolean());
    }

    [Fact]
    public void Constructor_ClientThatInvokesFunctions_ThrowsNamingTheProblem()
    {
        using IChatClient client = new QwenChatClient(new QwenClientOptions { ApiKey = "k", ModelId = "qwen-plus" }).AsBuilder().UseFunctionInvocation().Build();

        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatCompletionService(client));

        Assert.Contains("UseFunctionInvocation", error.Message, StringComparison.Ordinal);
    }
}
