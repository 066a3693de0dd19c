using System.ComponentModel;
using System.Text.Json;
using Microsoft.Agents.AI;

namespace QwenApi.Integration.Tests.Agents;

/// <summary>Microsoft Agent Framework: a <see cref="ChatClientAgent"/> over <see cref="QwenChatClient"/>.</summary>
public sealed class ChatClientAgentTests
{
    [Fact]
    public async Task RunAsync_TwoTurnsWithTool_InvokesToolEachTurnAndKeepsTheConversation()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = new QwenChatClient(new QwenClientOptions { ApiKey = simulator.ApiKey, Endpoint = simulator.Endpoint, ModelId = "qwen-plus" });
        var calls = new List<string>();
        AIAgent agent = new ChatClientAgent(
            client,
            instructions: "You are a travel assistant.",
            name: "TravelAgent",
            tools: [AIFunctionFactory.Create([Description("Gets the weather.")] (string city) =>
            {
                calls.Add(city);
                return $"Sunny in {city}";
            }, "get_weather")]);
        AgentSession session = await agent.CreateSessionAsync();

        AgentResponse first = await agent.RunAsync("Weather in Paris?", session);
        AgentResponse second = await agent.RunAsync("And in Rome?", session);

        Assert.Equal("Tool result received: Sunny in sample", first.Text);
        Assert.Equal("Tool result received: Sunny in sample", second.Text);
        Assert.Equal(["sample", "sample"], calls);
        Assert.Equal(4, simulator.Requests.Count);
        JsonElement[] lastTurn = [.. simulator.Requests[2].Json!.Value.GetProperty("messages").EnumerateArray()];
        Assert.Equal(
            ["system", "user", "assistant", "tool", "assistant", "user"],
            lastTurn.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("You are a travel assistant.", lastTurn[0].GetProperty("content").GetString());
        Assert.Equal("Sunny in sample", lastTurn[3].GetProperty("content").GetString());
        Assert.Equal("And in Rome?", lastTurn[5].GetProperty("content").GetString());
    }
}
