// QwenChat: streams one answer from Qwen, with the model's reasoning shown apart from the answer and usage at the end.
// With QWEN_API_KEY set it talks to the real endpoint (QWEN_ENDPOINT overrides it); without, it starts the embedded
// simulator on loopback and says so on stderr.
using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using QwenApi.Testing;

string prompt = args.Length > 0 ? string.Join(' ', args) : "Explain RAG in one sentence.";
string? key = Environment.GetEnvironmentVariable("QWEN_API_KEY");

QwenSimulator? simulator = null;
var options = new QwenClientOptions { ModelId = Environment.GetEnvironmentVariable("QWEN_MODEL") ?? QwenModels.QwenPlus };
if (string.IsNullOrWhiteSpace(key))
{
    simulator = await QwenSimulator.StartAsync();
    options.ApiKey = simulator.ApiKey;
    options.Endpoint = simulator.Endpoint;
    Console.Error.WriteLine($"QWEN_API_KEY is not set: using the embedded Qwen simulator at {simulator.Endpoint}.");
}
else
{
    options.ApiKey = key;
    if (Environment.GetEnvironmentVariable("QWEN_ENDPOINT") is { Length: > 0 } endpoint)
    {
        options.Endpoint = new Uri(endpoint);
    }
}

try
{
    using IChatClient client = new QwenChatClient(options);
    var chatOptions = new QwenChatOptions { EnableThinking = true };

    bool inReasoning = false, inAnswer = false;
    UsageDetails? usage = null;
    await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, chatOptions))
    {
        foreach (AIContent content in update.Contents)
        {
            switch (content)
            {
                case TextReasoningContent reasoning when reasoning.Text.Length > 0:
                    if (!inReasoning)
                    {
                        Console.WriteLine("--- reasoning ---");
                        inReasoning = true;
                    }

                    Console.Write(reasoning.Text);
                    break;
                case TextContent text when text.Text.Length > 0:
                    if (!inAnswer)
                    {
                        Console.WriteLine(inReasoning ? "\n--- answer ---" : "--- answer ---");
                        inAnswer = true;
                    }

                    Console.Write(text.Text);
                    break;
                case UsageContent u:
                    usage = u.Details;
                    break;
            }
        }
    }

    Console.WriteLine();
    if (usage is not null)
    {
        Console.WriteLine($"--- usage: {usage.InputTokenCount} input, {usage.OutputTokenCount} output ({usage.ReasoningTokenCount ?? 0} reasoning), {usage.TotalTokenCount} total tokens ---");
    }

    return 0;
}
catch (QwenApiException ex)
{
    Console.Error.WriteLine($"Qwen call failed: {ex.Message}");
    return 1;
}
finally
{
    if (simulator is not null)
    {
        await simulator.DisposeAsync();
    }
}
