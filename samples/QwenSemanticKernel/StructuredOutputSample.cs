using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;
using QwenApi.SemanticKernel;
using QwenApi.Testing;

namespace QwenSemanticKernel;

/// <summary>
/// Structured output the way Semantic Kernel samples write it: <c>ResponseFormat = typeof(T)</c> sends a JSON schema
/// built from <c>T</c>, and the answer deserialises into <c>T</c>. Registered with <c>AddQwenChatClient</c>, the
/// counterpart of Semantic Kernel's <c>AddOpenAIChatClient</c>.
/// </summary>
public static class StructuredOutputSample
{
    /// <summary>Runs the sample, writing the recipe to <paramref name="output"/> and notes to <paramref name="log"/>.</summary>
    /// <param name="output">Where the answer goes.</param>
    /// <param name="log">Where notes go.</param>
    /// <param name="apiKey">The key, or <see langword="null"/> to use the local simulator.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(TextWriter output, TextWriter log, string? apiKey)
    {
        await using QwenSimulator? simulator = string.IsNullOrEmpty(apiKey) ? await QwenSimulator.StartAsync() : null;
        Kernel kernel = simulator is null
            ? Kernel.CreateBuilder().AddQwenChatClient(QwenModels.QwenPlus, apiKey!).Build()
            : Kernel.CreateBuilder().AddQwenChatClient(QwenModels.QwenPlus, simulator.ApiKey, simulator.Endpoint).Build();
        if (simulator is not null)
        {
            // The model answers in the schema it is sent; the offline simulator is told what to answer.
            await log.WriteLineAsync("QWEN_API_KEY is not set: the local Qwen simulator answers with a scripted recipe.");
            simulator.Enqueue(SimulatorResponse.Answer("""{"name":"Pancakes","minutes":20,"steps":["Mix flour, eggs and milk.","Fry in a hot pan."]}"""));
        }

        var settings = new QwenPromptExecutionSettings { ResponseFormat = typeof(Recipe), Temperature = 0.3, EnableThinking = false };
        FunctionResult result = await kernel.InvokePromptAsync("Give me a quick pancake recipe, as JSON.", new KernelArguments(settings));

        Recipe recipe = JsonSerializer.Deserialize<Recipe>(result.ToString(), AIJsonUtilities.DefaultOptions)
            ?? throw new InvalidOperationException("The model answered null.");
        await output.WriteLineAsync($"{recipe.Name} ({recipe.Minutes} min): {string.Join(" ", recipe.Steps)}");
        return 0;
    }
}
