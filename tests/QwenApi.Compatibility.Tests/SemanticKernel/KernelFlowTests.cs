using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Compatibility.Tests.TestUtilities;
using QwenApi.SemanticKernel;

namespace QwenApi.Compatibility.Tests.SemanticKernel;

/// <summary>
/// Semantic Kernel's getting-started flows with the registration line swapped for Qwen's: a plugin with automatic
/// function calling, prompt settings from a template, and structured output from <c>typeof(T)</c> (answered by the
/// simulator with JSON valid for the schema).
/// </summary>
public sealed class KernelFlowTests : IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Plugin_AutoFunctionCalling_InvokesTheKernelFunctionAndAnswers()
    {
        IKernelBuilder builder = Kernel.CreateBuilder().AddQwenChatCompletion("qwen-plus", _simulator.ApiKey, _simulator.Endpoint);
        var lights = new LightsPlugin();
        builder.Plugins.AddFromObject(lights, "Lights");
        Kernel kernel = builder.Build();
        var history = new ChatHistory();
        history.AddUserMessage("Please use Lights_change_state to switch a light.");

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(
            history,
            new QwenPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), Temperature = 0.5 },
            kernel);

        int id = Assert.Single(lights.Switched);
        Assert.StartsWith($"Tool result received: light {id} is now ", answer.Content, StringComparison.Ordinal);
        Assert.Equal(0.5, Wire.Body(_simulator, 0).GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(
            ["Lights_change_state", "Lights_get_lights"],
            Wire.Body(_simulator, 0).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task PromptTemplate_ExecutionSettingsJson_ReachTheWire()
    {
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatCompletion("qwen-plus", _simulator.ApiKey, _simulator.Endpoint).Build();
        KernelFunction function = kernel.CreateFunctionFromPrompt(PromptTemplateConfig.FromJson(
            """
            {
              "template": "Summarise {{$topic}} in one line.",
              "execution_settings": { "default": { "temperature": 0.2, "top_k": 5, "enable_thinking": true, "thinking_budget": 256 } }
            }
            """));

        FunctionResult result = await kernel.InvokeAsync(function, new KernelArguments { ["topic"] = "RAG" });

        Assert.Equal(Wire.Answer("Summarise RAG in one line."), result.ToString());
        Assert.Equal(("5", "true", "256"), (Wire.Field(_simulator, 0, "top_k"), Wire.Field(_simulator, 0, "enable_thinking"), Wire.Field(_simulator, 0, "thinking_budget")));
    }

    [Fact]
    public async Task StructuredOutput_ResponseFormatTypeOfT_SendsTheSchemaAndTheAnswerDeserializes()
    {
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatClient("qwen-plus", _simulator.ApiKey, _simulator.Endpoint).Build();

        FunctionResult result = await kernel.InvokePromptAsync(
            "A pancake recipe as JSON.",
            new(new QwenPromptExecutionSettings { ResponseFormat = typeof(Recipe), EnableThinking = false }));

        Recipe recipe = JsonSerializer.Deserialize<Recipe>(result.ToString(), Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions)!;
        Assert.NotEmpty(recipe.Ingredients);
        Assert.Equal("json_schema", Wire.Body(_simulator, 0).GetProperty("response_format").GetProperty("type").GetString());
    }
}
