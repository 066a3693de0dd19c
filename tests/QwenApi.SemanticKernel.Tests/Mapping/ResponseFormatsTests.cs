using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests.Mapping;

/// <summary>Every <c>ResponseFormat</c> form Semantic Kernel users write, and the <c>response_format</c> the simulator receives for it.</summary>
public sealed class ResponseFormatsTests
{
    private const string Schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
    private const string Wrapped = """{"type":"json_schema","json_schema":{"name":"place","description":"A place.","schema":""" + Schema + "}}";

    public static TheoryData<string, object, string> Forms => new()
    {
        { "typeof(T)", typeof(Recipe), OpenAIPromptExecutionSettingsTests.ExpectedRecipeFormat() },
        { "json_object string", "json_object", """{"type":"json_object"}""" },
        { "text string", "text", """{"type":"text"}""" },
        { "ChatResponseFormat.Json", ChatResponseFormat.Json, """{"type":"json_object"}""" },
        { "ChatResponseFormat.Text", ChatResponseFormat.Text, """{"type":"text"}""" },
        { "ChatResponseFormat schema", ChatResponseFormat.ForJsonSchema(JsonElement.Parse(Schema), "place", "A place."), Wrapped },
        { "schema JsonElement", JsonElement.Parse(Schema), """{"type":"json_schema","json_schema":{"name":"response","schema":""" + Schema + "}}" },
        { "schema JsonNode", JsonNode.Parse(Schema)!, """{"type":"json_schema","json_schema":{"name":"response","schema":""" + Schema + "}}" },
        { "schema string", Schema, """{"type":"json_schema","json_schema":{"name":"response","schema":""" + Schema + "}}" },
        { "OpenAI-style string", Wrapped, Wrapped },
        { "OpenAI-style JsonElement", JsonElement.Parse(Wrapped), Wrapped },
        { "OpenAI-style json_object JsonNode", JsonNode.Parse("""{"type":"json_object"}""")!, """{"type":"json_object"}""" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task GetChatMessageContent_ResponseFormatForm_SendsExpectedResponseFormat(string form, object value, string expected)
    {
        _ = form;
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));

        _ = await service.GetChatMessageContentAsync(new ChatHistory("Answer in json.", AuthorRole.User), new QwenPromptExecutionSettings { ResponseFormat = value });

        WireAssert.Json(expected, TestKernels.Body(simulator, 1).GetProperty("response_format"));
    }

    [Fact]
    public async Task InvokePrompt_TypeResponseFormat_SendsSchemaFromTypeAndAnswerDeserializes()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Answer("""{"name":"Soup","minutes":45,"steps":["boil"]}"""));
        Kernel kernel = Kernel.CreateBuilder().AddQwenChatCompletion(TestKernels.Options(simulator)).Build();
        var settings = new QwenPromptExecutionSettings { Temperature = 0.5, ResponseFormat = typeof(Recipe), EnableThinking = false };

        FunctionResult result = await kernel.InvokePromptAsync("A recipe as JSON, please.", new KernelArguments(settings));

        Recipe recipe = JsonSerializer.Deserialize<Recipe>(result.ToString(), AIJsonUtilities.DefaultOptions)!;
        Assert.Equal(("Soup", 45), (recipe.Name, recipe.Minutes));
        Assert.Equal(["boil"], recipe.Steps);
        JsonElement body = TestKernels.Body(simulator, 1);
        WireAssert.Json(OpenAIPromptExecutionSettingsTests.ExpectedRecipeFormat(), body.GetProperty("response_format"));
        Assert.False(body.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 6);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("{not json")]
    [InlineData("""{"type":"json_schema"}""")]
    public async Task GetChatMessageContent_UnusableResponseFormat_ThrowsNamingTheSettingBeforeSending(string value)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var service = new QwenChatCompletionService(TestKernels.Options(simulator));

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            service.GetChatMessageContentAsync(new ChatHistory("Hi", AuthorRole.User), new QwenPromptExecutionSettings { ResponseFormat = value }));

        Assert.Contains("response_format", error.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public void Serialize_TypeResponseFormat_WritesOpenAIStyleSchemaThatReadsBackToTheSameRequest()
    {
        var settings = new QwenPromptExecutionSettings { ResponseFormat = typeof(Recipe) };

        string json = JsonSerializer.Serialize(settings);
        QwenPromptExecutionSettings read = JsonSerializer.Deserialize<QwenPromptExecutionSettings>(json)!;

        WireAssert.Json(OpenAIPromptExecutionSettingsTests.ExpectedRecipeFormat(), Assert.IsType<JsonElement>(read.ResponseFormat));
        Assert.Equal("json_object", JsonNode.Parse(JsonSerializer.Serialize(new QwenPromptExecutionSettings { ResponseFormat = ChatResponseFormat.Json }))!["response_format"]!.GetValue<string>());
        Assert.Equal("json_object", JsonSerializer.Deserialize<QwenPromptExecutionSettings>("""{"response_format":"json_object"}""")!.ResponseFormat);
    }
}
