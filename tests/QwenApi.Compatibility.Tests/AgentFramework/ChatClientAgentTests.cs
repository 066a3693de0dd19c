using System.ComponentModel;
using System.Text.Json;
using Microsoft.Agents.AI;
using QwenApi.Compatibility.Tests.TestUtilities;

namespace QwenApi.Compatibility.Tests.AgentFramework;

/// <summary>
/// Agent Framework's function-tools agent with the provider line swapped, and its merge of agent-level and run-level
/// options in both directions: Qwen options set on either side reach the wire, because they live in
/// <see cref="ChatOptions.AdditionalProperties"/>, which the agent merges (it copies only ChatOptions' own properties).
/// </summary>
public sealed class ChatClientAgentTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Agent_WithFunctionTool_CallsItAndAnswers()
    {
        var cities = new List<string>();
        AIAgent agent = new ChatClientAgent(
            new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint),
            instructions: "You are a travel assistant.",
            tools: [AIFunctionFactory.Create([Description("Gets the weather for a city.")] (string city) =>
            {
                cities.Add(city);
                return $"Sunny in {city}";
            }, "get_weather")]);
        AgentSession session = await agent.CreateSessionAsync();

        AgentResponse response = await agent.RunAsync("What is the weather like? Use get_weather.", session);

        string city = Assert.Single(cities);
        Assert.Equal($"Tool result received: Sunny in {city}", response.Text);
        JsonElement[] second = [.. Wire.Body(_simulator, 1).GetProperty("messages").EnumerateArray()];
        Assert.Equal(["system", "user", "assistant", "tool"], second.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("get_weather", second[2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Agent_QwenOptionsAtAgentLevel_SurviveAPlainRunLevelChatOptions()
    {
        AIAgent agent = new ChatClientAgent(
            new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint),
            new ChatClientAgentOptions { ChatOptions = new QwenChatOptions { EnableThinking = true, ThinkingBudget = 128 } });

        await agent.RunAsync("Think a little.", await agent.CreateSessionAsync(), new ChatClientAgentRunOptions(new ChatOptions { Temperature = 0.2f }));

        Assert.Equal(("true", "128"), (Wire.Field(_simulator, 0, "enable_thinking"), Wire.Field(_simulator, 0, "thinking_budget")));
        Assert.Equal(0.2, Wire.Body(_simulator, 0).GetProperty("temperature").GetDouble(), 3);
    }

    [Fact]
    public async Task Agent_QwenOptionsAtRunLevel_MergeWithTheAgentsQwenOptions()
    {
        AIAgent agent = new ChatClientAgent(
            new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint),
            new ChatClientAgentOptions { ChatOptions = new QwenChatOptions { ThinkingBudget = 128, TopK = 7 } });

        await agent.RunAsync(
            "Search and think.",
            await agent.CreateSessionAsync(),
            new ChatClientAgentRunOptions(new QwenChatOptions { EnableThinking = true, EnableSearch = true }));

        Assert.Equal(
            ("true", "true", "128", "7"),
            (Wire.Field(_simulator, 0, "enable_thinking"), Wire.Field(_simulator, 0, "enable_search"), Wire.Field(_simulator, 0, "thinking_budget"), Wire.Field(_simulator, 0, "top_k")));
    }

    [Fact]
    public async Task Agent_RunLevelQwenOption_OverridesTheAgentsValue()
    {
        AIAgent agent = new ChatClientAgent(
            new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint),
            new ChatClientAgentOptions { ChatOptions = new QwenChatOptions { EnableThinking = true, ThinkingBudget = 128 } });

        await agent.RunAsync("Think more.", await agent.CreateSessionAsync(), new ChatClientAgentRunOptions(new QwenChatOptions { ThinkingBudget = 2048 }));

        Assert.Equal(("true", "2048"), (Wire.Field(_simulator, 0, "enable_thinking"), Wire.Field(_simulator, 0, "thinking_budget")));
    }
}
