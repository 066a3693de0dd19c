using System.Text.Json;
using Microsoft.Extensions.AI;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests;

/// <summary>Plain <see cref="PromptExecutionSettings"/> from a prompt template's execution settings JSON, invoked through a real kernel.</summary>
public sealed class PromptTemplateSettingsTests
{
    private const string Template = """
        {
          "name": "place",
          "template": "Where is {{$city}}? Answer in json.",
          "execution_settings": {
            "default": {
              "temperature": 0.3,
              "top_p": 0.8,
              "max_tokens": 200,
              "enable_thinking": false,
              "response_format": { "type": "json_schema", "json_schema": { "name": "place", "schema": { "type": "object", "properties": { "country": { "type": "string" } } } } },
              "extra_body": { "top_k": 4, "repetition_penalty": 1.05 },
              "function_choice_behavior": { "type": "auto" }
            }
          }
        }
        """;

    [Fact]
    public async Task InvokeAsync_PromptTemplateJsonSettings_SendsEveryFieldAndInvokesFunctions()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        KernelFunction function = kernel.CreateFunctionFromPrompt(PromptTemplateConfig.FromJson(Template));

        FunctionResult result = await kernel.InvokeAsync(function, new KernelArguments { ["city"] = "Lyon" });

        // After the tool result the simulator answers the requested json_schema with a valid instance of it.
        Assert.Equal("""{"country":"sample"}""", result.ToString());
        Assert.Equal(2, simulator.Requests.Count);
        foreach (int sequence in new[] { 1, 2 })
        {
            JsonElement body = TestKernels.Body(simulator, sequence);
            Assert.Equal(0.3, body.GetProperty("temperature").GetDouble(), 6);
            Assert.Equal(0.8, body.GetProperty("top_p").GetDouble(), 6);
            Assert.Equal(200, body.GetProperty("max_tokens").GetInt32());
            Assert.False(body.GetProperty("enable_thinking").GetBoolean());
            Assert.Equal(4, body.GetProperty("top_k").GetInt32());
            Assert.Equal(1.05, body.GetProperty("repetition_penalty").GetDouble(), 6);
            WireAssert.Json(
                """{"type":"json_schema","json_schema":{"name":"place","schema":{"type":"object","properties":{"country":{"type":"string"}}}}}""",
                body.GetProperty("response_format"));
            WireAssert.Absent(body, "extra_body", "function_choice_behavior");
        }

        Assert.Equal("Where is Lyon? Answer in json.", TestKernels.Body(simulator, 1).GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("auto", TestKernels.Body(simulator, 1).GetProperty("tool_choice").GetString());
    }

    [Fact]
    public void FromExecutionSettings_TemplateSettings_ReadsDoublesExactlyAndResponseFormatAsGiven()
    {
        PromptExecutionSettings plain = PromptTemplateConfig.FromJson(Template).ExecutionSettings["default"];

        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(plain);

        Assert.Equal((0.3, 0.8, 1.05), (settings.Temperature, settings.TopP, settings.RepetitionPenalty));
        Assert.Equal((false, 4), (settings.EnableThinking, settings.TopK));
        Assert.Equal("place", Assert.IsType<JsonElement>(settings.ResponseFormat).GetProperty("json_schema").GetProperty("name").GetString());
        Assert.IsType<AutoFunctionChoiceBehavior>(settings.FunctionChoiceBehavior);
        Assert.Null(settings.ExtensionData);
    }
}
