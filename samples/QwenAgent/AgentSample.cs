using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using QwenApi.Testing;

namespace QwenAgent;

/// <summary>The sample, callable from a test.</summary>
public static class AgentSample
{
    /// <summary>Runs two turns of a conversation with an agent that has a tool.</summary>
    /// <param name="output">Where the conversation goes.</param>
    /// <param name="log">Where notes go.</param>
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

        using var client = new QwenChatClient(options);
        AIAgent agent = new ChatClientAgent(
            client,
            instructions: "You are a travel assistant. Use the tool for weather questions.",
            name: "TravelAgent",
            tools: [AIFunctionFactory.Create(GetWeather)]);

        AgentSession session = await agent.CreateSessionAsync();
        foreach (string question in new[] { "What's the weather in Paris?", "And in Rome?" })
        {
            await output.WriteLineAsync("user: " + question);
            AgentResponse response = await agent.RunAsync(question, session);
            await output.WriteLineAsync("agent: " + response.Text);
        }

        return 0;
    }

    [Description("Gets the weather in a city.")]
    private static string GetWeather([Description("The city.")] string city) => $"Sunny, 22 °C in {city}";
}
