using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenApi.Compatibility.Tests.TestUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Compatibility.Tests.MicrosoftExtensionsAI;

/// <summary>
/// The flows of the Microsoft.Extensions.AI README, with the provider line swapped for <see cref="QwenChatClient"/>:
/// chat, history, streaming, tools, structured output, caching in Redis, telemetry, DI with logging. Each asserts the wire
/// request and the result, and that Qwen options pass every middleware that clones, logs, traces or hashes them.
/// </summary>
public sealed class PipelineTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private QwenSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await QwenSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Chat_HistoryAndStreaming_AsInTheReadme()
    {
        using IChatClient client = new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint);
        List<ChatMessage> history = [new(ChatRole.System, "You are a helpful AI assistant"), new(ChatRole.User, "What is AI?")];

        ChatResponse first = await client.GetResponseAsync(history);
        history.AddMessages(first);
        history.Add(new ChatMessage(ChatRole.User, "And ML?"));
        var streamed = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(history))
        {
            streamed.Add(update);
        }

        history.AddMessages(streamed);
        Assert.Equal(Wire.Answer("What is AI?"), first.Text);
        Assert.Equal(Wire.Answer("And ML?"), streamed.ToChatResponse().Text);
        Assert.Equal(
            ["system", "user", "assistant", "user"],
            Wire.Body(_simulator, 1).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(5, history.Count);
        Assert.Equal("true", Wire.Field(_simulator, 1, "stream"));
    }

    [Fact]
    public async Task Tools_UseFunctionInvocation_CallsTheNamedToolWithSchemaValidArguments()
    {
        var asked = new List<string>();
        using IChatClient client = new ChatClientBuilder(new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint))
            .UseFunctionInvocation()
            .Build();
        ChatOptions options = new QwenChatOptions
        {
            EnableThinking = true,
            ThinkingBudget = 96,
            Tools =
            [
                AIFunctionFactory.Create((string city) => "unused", "get_time"),
                AIFunctionFactory.Create(
                    (string location, TemperatureUnit unit) =>
                    {
                        asked.Add($"{location}/{unit}");
                        return $"12 degrees in {location}";
                    },
                    "get_weather",
                    "Gets the weather"),
            ],
        };

        ChatResponse answer = await client.GetResponseAsync("Use get_weather: is it cold in Paris?", options);

        Assert.Matches("^.+/(Celsius|Fahrenheit)$", Assert.Single(asked)); // the enum argument is one of the enum's names
        Assert.Equal(2, _simulator.Requests.Count);
        Assert.All([0, 1], i => Assert.Equal(("true", "96"), (Wire.Field(_simulator, i, "enable_thinking"), Wire.Field(_simulator, i, "thinking_budget"))));
        JsonElement toolMessage = Wire.Body(_simulator, 1).GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("tool", toolMessage.GetProperty("role").GetString());
        Assert.StartsWith("12 degrees in ", toolMessage.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("12 degrees in", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StructuredOutput_GetResponseAsyncOfT_SendsTheSchemaAndDeserializesTheAnswer()
    {
        using IChatClient client = new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint);

        ChatResponse<Forecast> forecast = await client.GetResponseAsync<Forecast>("The forecast for Lyon as JSON.");

        Assert.True(forecast.TryGetResult(out Forecast? result));
        Assert.NotEmpty(result!.Days);
        Assert.True(Enum.IsDefined(result.Unit));
        JsonElement format = Wire.Body(_simulator, 0).GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("object", format.GetProperty("json_schema").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Cache_UseDistributedCacheOnRedis_ServesRepeatsAndKeysOnQwenOptions()
    {
        using var cache = new RedisCache(Options.Create(new RedisCacheOptions { Configuration = redis.Configuration, InstanceName = Guid.NewGuid().ToString("N") }));
        using IChatClient client = new ChatClientBuilder(new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint))
            .UseDistributedCache(cache)
            .Build();
        var thinkingShort = new QwenChatOptions { EnableThinking = true, ThinkingBudget = 64 };
        var thinkingLong = new QwenChatOptions { EnableThinking = true, ThinkingBudget = 4096 };

        ChatResponse first = await client.GetResponseAsync("Cache me", thinkingShort);
        ChatResponse again = await client.GetResponseAsync("Cache me", thinkingShort.Clone());
        ChatResponse other = await client.GetResponseAsync("Cache me", thinkingLong);
        ChatResponse streamedOnce = await client.GetStreamingResponseAsync("Stream me", thinkingShort).ToChatResponseAsync();
        ChatResponse streamedTwice = await client.GetStreamingResponseAsync("Stream me", thinkingShort).ToChatResponseAsync();

        // Three calls reached the server: the repeats came from Redis, and another thinking_budget was another key.
        Assert.Equal(3, _simulator.Requests.Count);
        Assert.Equal(["64", "4096", "64"], Enumerable.Range(0, 3).Select(i => Wire.Field(_simulator, i, "thinking_budget")));
        Assert.Equal((first.Text, first.Usage?.TotalTokenCount, first.FinishReason), (again.Text, again.Usage?.TotalTokenCount, again.FinishReason));
        Assert.Equal(first.Text, other.Text);
        Assert.Equal(Wire.Answer("Stream me"), streamedOnce.Text);
        Assert.Equal(streamedOnce.Text, streamedTwice.Text);
    }

    [Fact]
    public async Task Telemetry_UseOpenTelemetry_RecordsTheCallAndTheQwenOptions()
    {
        using var capture = new ActivityCapture();
        using IChatClient client = new ChatClientBuilder(new QwenChatClient(_simulator.ApiKey, "qwen-plus", _simulator.Endpoint))
            .UseOpenTelemetry(sourceName: capture.Source, configure: c => c.EnableSensitiveData = true)
            .Build();

        await client.GetResponseAsync("Trace me", new QwenChatOptions { EnableThinking = false, ThinkingBudget = 128, Temperature = 0.25f });

        Activity activity = Assert.Single(capture.Activities);
        Dictionary<string, object?> tags = activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("qwen-plus", tags["gen_ai.request.model"]);
        Assert.Equal(0.25, Convert.ToDouble(tags["gen_ai.request.temperature"], CultureInfo.InvariantCulture), 3);
        Assert.Contains(tags, t => t.Key.EndsWith("thinking_budget", StringComparison.Ordinal) && Convert.ToInt32(t.Value, CultureInfo.InvariantCulture) == 128);
        Assert.Contains(tags, t => t.Key.EndsWith("enable_thinking", StringComparison.Ordinal) && Equals(t.Value, false));
    }

    [Fact]
    public async Task DependencyInjection_AddQwenChatClientWithUseLogging_LogsTheQwenOptions()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddQwenChatClient(o => (o.ApiKey, o.Endpoint, o.ModelId) = (_simulator.ApiKey, _simulator.Endpoint, "qwen-plus"))
            .UseLogging();
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse answer = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Log me", new QwenChatOptions { EnableThinking = true, TopK = 5 });

        Assert.Equal(Wire.Answer("Log me"), answer.Text);
        string invoked = Assert.Single(logs.Lines.Select(l => l.Message), l => l.Contains("GetResponseAsync invoked", StringComparison.Ordinal));
        Assert.Contains("\"enable_thinking\": true", invoked, StringComparison.Ordinal);
        Assert.Contains("\"topK\": 5", invoked, StringComparison.Ordinal);
        Assert.DoesNotContain(_simulator.ApiKey, string.Concat(logs.Lines.Select(l => l.Message)), StringComparison.Ordinal);
    }
}
