using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.DependencyInjection;

/// <summary>AddQwenChatClient: configuration binding, environment fallback, validation, keyed clients, factory handlers.</summary>
public sealed class QwenServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddQwenChatClient_QwenSection_BindsEverySettingAndAnswers()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new()
        {
            ["Qwen:ModelId"] = "qwen-max",
            ["Qwen:MaxRetries"] = "1",
            ["Qwen:RetryBaseDelay"] = "00:00:02",
            ["Qwen:RetryMaxDelay"] = "00:00:09",
            ["Qwen:MaxRetryAfter"] = "00:00:00",
            ["Qwen:OverallTimeout"] = "00:02:00",
            ["Qwen:ResponseHeadersTimeout"] = "Infinite",
            ["Qwen:StreamIdleTimeout"] = "00:00:45",
            ["Qwen:UserAgentSuffix"] = "my-app/1.0",
            ["Qwen:AllowInsecureHttp"] = "true",
            ["Qwen:MaxResponseBytes"] = "2000000",
            ["Qwen:MaxStreamEventBytes"] = "65536",
            ["Qwen:MaxStreamBytes"] = "5000000000",
            ["Qwen:RawStreamingChunks"] = "true",
        }, s => s.AddQwenChatClient());

        QwenClientOptions options = services.GetRequiredService<IOptionsMonitor<QwenClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
        Assert.Equal(("qwen-max", 1, true), (options.ModelId, options.MaxRetries, options.AllowInsecureHttp));
        Assert.Equal((2_000_000L, 65_536, 5_000_000_000L, true), (options.MaxResponseBytes, options.MaxStreamEventBytes, options.MaxStreamBytes, options.RawStreamingChunks));
        Assert.Equal(
            (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9), TimeSpan.Zero, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(45)),
            (options.RetryBaseDelay, options.RetryMaxDelay, options.MaxRetryAfter, options.OverallTimeout, options.ResponseHeadersTimeout, options.StreamIdleTimeout));

        ChatResponse response = await services.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", response.Text);
        SimulatorRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("qwen-max", request.Json!.Value.GetProperty("model").GetString());
        Assert.EndsWith(" my-app/1.0", request.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddQwenChatClient_OnlyEnvironmentVariablesInConfiguration_UsesThem()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QWEN_API_KEY"] = simulator.ApiKey,
            ["QWEN_ENDPOINT"] = simulator.Endpoint.ToString(),
        }).Build());
        services.AddQwenChatClient(o => o.ModelId = "qwen-plus");
        using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", response.Text);
        Assert.Equal("Bearer " + simulator.ApiKey, simulator.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public void ValidateOnStart_BadSettings_ReportsEachByNameWithoutTheKey()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Config(new()
        {
            ["Qwen:ApiKey"] = " secret-key-value ",
            ["Qwen:MaxRetries"] = "lots",
            ["Qwen:RetryBaseDelay"] = "30",
            ["Qwen:Endpoint"] = "not a uri",
        }));
        services.AddQwenChatClient();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Qwen:MaxRetries must be a whole number (it is \"lots\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen:RetryBaseDelay must be a duration such as 00:00:30", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen:Endpoint must be an absolute URI", error.Message, StringComparison.Ordinal);
        Assert.Contains("The API key (configuration \"Qwen:ApiKey\", else the QWEN_API_KEY environment variable) has leading or trailing white space", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen chat client (configuration \"Qwen\")", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-value", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void ValidateOnStart_UnreadableValuesInBothSections_ReportsEveryOneWithTheFormExpected()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Config(new()
        {
            ["Qwen:ApiKey"] = "sk-valid-key",
            ["Qwen:AllowInsecureHttp"] = "yes",
            ["Qwen:fast:MaxStreamBytes"] = "1e9",
            ["Qwen:fast:OverallTimeout"] = "forever",
            ["QWEN_ENDPOINT"] = "api.qwenapi.io",
        }));
        services.AddKeyedQwenChatClient("fast");
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Qwen chat client \"fast\" (configuration \"Qwen\", \"Qwen:fast\"): Qwen:AllowInsecureHttp must be true or false (it is \"yes\").",
                "Qwen chat client \"fast\" (configuration \"Qwen\", \"Qwen:fast\"): Qwen:fast:OverallTimeout must be a duration such as 00:00:30 (hh:mm:ss) or Infinite (it is \"forever\").",
                "Qwen chat client \"fast\" (configuration \"Qwen\", \"Qwen:fast\"): Qwen:fast:MaxStreamBytes must be a whole number (it is \"1e9\").",
                "Qwen chat client \"fast\" (configuration \"Qwen\", \"Qwen:fast\"): The QWEN_ENDPOINT variable must be an absolute URI such as https://api.qwenapi.io/v1 (it is \"api.qwenapi.io\").",
            ],
            error.Failures);
    }

    [Fact]
    public async Task AddKeyedQwenChatClient_TwoKeys_ShareSectionAndOverrideModelPerKey()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new()
        {
            ["Qwen:ModelId"] = "qwen-plus",
            ["Qwen:fast:ModelId"] = "qwen-turbo",
            ["Qwen:smart:ModelId"] = "qwen-max",
        }, s =>
        {
            s.AddKeyedQwenChatClient("fast");
            s.AddKeyedQwenChatClient("smart");
        });

        _ = await services.GetRequiredKeyedService<IChatClient>("fast").GetResponseAsync("one");
        _ = await services.GetRequiredKeyedService<IChatClient>("smart").GetResponseAsync("two");

        Assert.Equal(["qwen-turbo", "qwen-max"], simulator.Requests.Select(r => r.Json!.Value.GetProperty("model").GetString()));
        Assert.Null(services.GetService<IChatClient>());
    }

    [Fact]
    public async Task AddQwenChatClient_FactoryHandler_RunsOnEveryAttemptAndRetriesAreLogged()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503));
        var handler = new CountingHandler();
        var logs = new LogCapture();
        using ServiceProvider services = Build(simulator, new()
        {
            ["Qwen:ModelId"] = "qwen-plus",
            ["Qwen:RetryBaseDelay"] = "00:00:00.001",
            ["Qwen:RetryMaxDelay"] = "00:00:00.002",
        }, s =>
        {
            s.AddLogging(b => b.AddProvider(logs));
            s.AddQwenChatClient(configureHttpClient: http => http.AddHttpMessageHandler(() => handler));
        });

        ChatResponse response = await services.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", response.Text);
        Assert.Equal(2, handler.Attempts);
        Assert.Equal(["1", "2"], simulator.Requests.Select(r => r.Headers["X-Handler-Attempt"]));
        Assert.Contains(logs.Lines, l => l.Category == "QwenApi.Extensions.AI.QwenChatClient");
    }

    [Fact]
    public async Task AddQwenChatClient_ChainedFunctionInvocation_RunsTheTool()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ServiceProvider services = Build(simulator, new() { ["Qwen:ModelId"] = "qwen-plus" }, s => s.AddQwenChatClient().UseFunctionInvocation());
        AIFunction weather = AIFunctionFactory.Create((string city) => "Sunny in " + city, "get_weather");

        ChatResponse response = await services.GetRequiredService<IChatClient>().GetResponseAsync("Weather?", new ChatOptions { Tools = [weather] });

        Assert.Equal("Tool result received: Sunny in sample", response.Text);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task AddChatClient_QwenChatClientAsWritten_Works()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatClient(new QwenChatClient(TestClients.Options(simulator))).UseLogging();
        using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", response.Text);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static ServiceProvider Build(QwenSimulator simulator, Dictionary<string, string?> values, Action<IServiceCollection> register)
    {
        values["Qwen:ApiKey"] = simulator.ApiKey;
        values["Qwen:Endpoint"] = simulator.Endpoint.ToString();
        var services = new ServiceCollection();
        services.AddSingleton(Config(values));
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
