using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Extensions.AI;
using QwenApi.SemanticKernel;
using QwenApi.Testing;

namespace QwenSemanticKernel;

/// <summary>The sample, callable from a test.</summary>
public static class SemanticKernelSample
{
    /// <summary>Runs the sample, writing the answer to <paramref name="output"/> and notes to <paramref name="log"/>.</summary>
    /// <param name="output">Where the conversation goes.</param>
    /// <param name="log">Where notes (simulator, reasoning, usage) go.</param>
    /// <param name="apiKey">The key, or <see langword="null"/> to use the local simulator.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(TextWriter output, TextWriter log, string? apiKey)
    {
        await using QwenSimulator? simulator = string.IsNullOrEmpty(apiKey) ? await QwenSimulator.StartAsync() : null;
        var options = new QwenClientOptions { ApiKey = apiKey, ModelId = QwenModels.QwenPlus };
        if (simulator is not null)
        {
            await log.WriteLineAsync($"QWEN_API_KEY is not set: using the local Qwen simulator at {simulator.Endpoint}.");
            (options.ApiKey, options.Endpoint) = (simulator.ApiKey, simulator.Endpoint);
        }

        IKernelBuilder builder = Kernel.CreateBuilder().AddQwenChatCompletion(options);
        builder.Plugins.AddFromType<LightsPlugin>("Lights");
        Kernel kernel = builder.Build();

        var settings = new QwenPromptExecutionSettings
        {
            EnableThinking = true,
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
        };
        var history = new ChatHistory("You control the lights in a house.");
        history.AddUserMessage("Turn on the kitchen lights, please.");
        await output.WriteLineAsync("user: " + history[^1].Content);

        var answer = new System.Text.StringBuilder();
        await foreach (StreamingChatMessageContent update in kernel.GetRequiredService<IChatCompletionService>()
            .GetStreamingChatMessageContentsAsync(history, settings, kernel))
        {
            foreach (StreamingReasoningContent thought in update.Items.OfType<StreamingReasoningContent>())
            {
                await log.WriteAsync(thought.Text);
            }

            answer.Append(update.Content);
            if (update.Metadata?.TryGetValue(QwenMetadataKeys.Usage, out object? usage) == true && usage is Microsoft.Extensions.AI.UsageDetails details)
            {
                await log.WriteLineAsync($"{Environment.NewLine}[usage: {details.InputTokenCount} in, {details.OutputTokenCount} out, {details.ReasoningTokenCount} reasoning]");
            }
        }

        await output.WriteLineAsync("assistant: " + answer);
        await output.WriteLineAsync($"(the history now holds {history.Count} messages, including the tool call and its result)");
        return 0;
    }
}
