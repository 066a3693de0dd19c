using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QwenApi.SemanticKernel.Tests.TestUtilities;

namespace QwenApi.SemanticKernel.Tests;

/// <summary>Kernel function calling through a real <see cref="Kernel"/> against the simulator.</summary>
public sealed class QwenChatCompletionServiceFunctionTests
{
    private static readonly QwenPromptExecutionSettings s_auto = new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

    [Fact]
    public async Task GetChatMessageContents_AutoInvoke_InvokesFunctionAndRecordsCallAndResultInHistory()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        var history = new ChatHistory();
        history.AddUserMessage("What is the weather?");

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, s_auto, kernel);

        Assert.Equal("Tool result received: Sunny in sample", answer.Content);
        Assert.Equal(AuthorRole.Assistant, answer.Role);
        Assert.Equal(3, history.Count);
        FunctionCallContent call = Assert.Single(history[1].Items.OfType<FunctionCallContent>());
        Assert.Equal(("Weather", "GetWeather", "call_sim_1_0"), (call.PluginName, call.FunctionName, call.Id));
        Assert.Equal("sample", call.Arguments!["city"]?.ToString());
        FunctionResultContent result = Assert.Single(history[2].Items.OfType<FunctionResultContent>());
        Assert.Equal(("call_sim_1_0", "Sunny in sample"), (result.CallId, result.Result?.ToString()));
        Assert.Equal(AuthorRole.Tool, history[2].Role);

        JsonElement first = TestKernels.Body(simulator, 1);
        Assert.Equal("Weather_GetWeather", first.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        JsonElement second = TestKernels.Body(simulator, 2);
        JsonElement[] messages = [.. second.GetProperty("messages").EnumerateArray()];
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Weather_GetWeather", messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Sunny in sample", messages[2].GetProperty("content").GetString());
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task GetStreamingChatMessageContents_AutoInvoke_StreamsFinalAnswerAndRecordsCallAndResult()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        var history = new ChatHistory();
        history.AddUserMessage("What is the weather?");

        var text = new System.Text.StringBuilder();
        await foreach (StreamingChatMessageContent update in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(history, s_auto, kernel))
        {
            text.Append(update.Content);
        }

        Assert.Equal("Tool result received: Sunny in sample", text.ToString());
        Assert.Equal([AuthorRole.User, AuthorRole.Assistant, AuthorRole.Tool], history.Select(m => m.Role));
        FunctionCallContent call = Assert.Single(history[1].Items.OfType<FunctionCallContent>());
        Assert.Equal(("Weather", "GetWeather"), (call.PluginName, call.FunctionName));
        Assert.Equal("Sunny in sample", Assert.Single(history[2].Items.OfType<FunctionResultContent>()).Result?.ToString());
        Assert.True(TestKernels.Body(simulator, 2).GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvokePrompt_AutoInvokeWithFilters_FiltersObserveTheCall(bool streaming)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var filter = new RecordingFilter();
        Kernel kernel = TestKernels.WithWeather(simulator, b =>
        {
            b.Services.AddSingleton<IAutoFunctionInvocationFilter>(filter);
            b.Services.AddSingleton<IFunctionInvocationFilter>(filter);
        });

        string answer;
        if (streaming)
        {
            var text = new System.Text.StringBuilder();
            await foreach (string part in kernel.InvokePromptStreamingAsync<string>("Weather please", new KernelArguments(s_auto)))
            {
                text.Append(part);
            }

            answer = text.ToString();
        }
        else
        {
            answer = (await kernel.InvokePromptAsync("Weather please", new KernelArguments(s_auto))).GetValue<string>()!;
        }

        Assert.Equal("Tool result received: Sunny in sample", answer);
        Assert.Equal(["Weather.GetWeather"], filter.Auto);
        Assert.Contains("Weather.GetWeather=Sunny in sample", filter.Invocations);
    }

    [Fact]
    public async Task AutoFunctionInvocationFilter_Terminate_StopsBeforeSecondRequest()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator, b => b.Services.AddSingleton<IAutoFunctionInvocationFilter>(new TerminatingFilter()));
        var history = new ChatHistory();
        history.AddUserMessage("Weather?");

        ChatMessageContent answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, s_auto, kernel);

        Assert.Equal("Sunny in sample", Assert.Single(answer.Items.OfType<FunctionResultContent>()).Result?.ToString());
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task GetChatMessageContents_AutoInvokeFalse_ReturnsCallsThatInvokeAgainstTheKernel()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        IChatCompletionService service = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new QwenPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
        var history = new ChatHistory();
        history.AddUserMessage("Weather?");

        ChatMessageContent calls = await service.GetChatMessageContentAsync(history, settings, kernel);

        Assert.Single(history);
        Assert.Equal("tool_calls", calls.Metadata![QwenMetadataKeys.FinishReason]);
        FunctionCallContent call = Assert.Single(FunctionCallContent.GetFunctionCalls(calls));
        Assert.Equal(("Weather", "GetWeather"), (call.PluginName, call.FunctionName));
        history.Add(calls);
        history.Add((await call.InvokeAsync(kernel)).ToChatMessage());

        ChatMessageContent answer = await service.GetChatMessageContentAsync(history, settings, kernel);

        Assert.Equal("Tool result received: Sunny in sample", answer.Content);
        Assert.Equal("Weather_GetWeather", TestKernels.Body(simulator, 2).GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetStreamingChatMessageContents_AutoInvokeFalse_StreamsCallsForFunctionCallContentBuilder()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        Kernel kernel = TestKernels.WithWeather(simulator);
        var settings = new QwenPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
        var history = new ChatHistory();
        history.AddUserMessage("Weather?");
        var builder = new FunctionCallContentBuilder();
        string? finish = null;

        await foreach (StreamingChatMessageContent update in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(history, settings, kernel))
        {
            builder.Append(update);
            finish ??= update.Metadata?.TryGetValue(QwenMetadataKeys.FinishReason, out object? f) == true ? (string?)f : null;
        }

        FunctionCallContent call = Assert.Single(builder.Build());
        Assert.Equal(("Weather", "GetWeather", "call_sim_1_0"), (call.PluginName, call.FunctionName, call.Id));
        Assert.Equal("Sunny in sample", (await call.InvokeAsync(kernel)).Result?.ToString());
        Assert.Equal("tool_calls", finish);
        Assert.Single(history);
        Assert.Single(simulator.Requests);
    }

    private sealed class TerminatingFilter : IAutoFunctionInvocationFilter
    {
        public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
        {
            await next(context);
            context.Terminate = true;
        }
    }
}
