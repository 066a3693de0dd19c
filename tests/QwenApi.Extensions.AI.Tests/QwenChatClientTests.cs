using System.Diagnostics;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests;

/// <summary>Construction, metadata, and the client inside MEAI pipelines (function invocation, OpenTelemetry).</summary>
public sealed class QwenChatClientTests
{
    private const string KeyCanary = "sk-canary-0123456789";

    [Fact]
    public void Constructor_MissingKey_ExplainsWhatToSet()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions()));

        Assert.StartsWith("Invalid QwenClientOptions: QwenClientOptions.ApiKey is missing: set it to your key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("QWEN_API_KEY", error.Message, StringComparison.Ordinal); // this constructor does not read the environment
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Constructor_KeyArgumentMissing_NamesTheArgument()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(string.Empty, "qwen-plus"));

        Assert.StartsWith("Invalid QwenChatClient arguments: The apiKey argument is missing", error.Message, StringComparison.Ordinal);
        Assert.Equal("apiKey", error.ParamName);
    }

    [Fact]
    public void Constructor_EndpointArgumentInvalid_NamesTheArgument()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(KeyCanary, "qwen-plus", new Uri("http://example.com/v1")));

        Assert.Contains("The endpoint argument uses plain http on a non-loopback host (example.com)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyCanary, error.ToString());
    }

    [Fact]
    public async Task Constructor_KeyModelEndpoint_TalksToThatEndpoint()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = new QwenChatClient(simulator.ApiKey, "qwen-max", simulator.Endpoint);

        ChatResponse answer = await client.GetResponseAsync("hello there");

        Assert.Equal(ChatCalls.AnswerTo("hello there"), answer.Text);
        Assert.Equal("qwen-max", RecordedBody.Field(RecordedBody.LastJson(simulator), "model").Trim('"'));
        Assert.Equal(simulator.Endpoint, client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Theory]
    [InlineData(" sk-canary-0123456789", "leading or trailing")]
    [InlineData("sk-canary-0123456789\n", "CR, LF or NUL")]
    [InlineData("sk-canary\r\n0123456789", "CR, LF or NUL")]
    [InlineData("   ", "white space")]
    public void Constructor_MalformedKey_ThrowsWithoutEchoingIt(string key, string expected)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(key));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("canary", error.ToString());
    }

    [Fact]
    public void Constructor_RelativeEndpoint_SaysItMustBeAbsolute()
    {
        var options = new QwenClientOptions { ApiKey = KeyCanary, Endpoint = new Uri("/v1", UriKind.Relative) };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(options));

        Assert.Contains("absolute URI", error.Message);
        Assert.DoesNotContain(KeyCanary, error.ToString());
    }

    [Fact]
    public void Constructor_SeveralProblems_ReportsAllTogether()
    {
        var options = new QwenClientOptions { Endpoint = new Uri("ftp://example.com"), MaxRetries = -1, StreamIdleTimeout = TimeSpan.Zero };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new QwenChatClient(options));

        Assert.Contains("ApiKey", error.Message);
        Assert.Contains("https", error.Message);
        Assert.Contains("MaxRetries", error.Message);
        Assert.Contains("StreamIdleTimeout", error.Message);
    }

    [Fact]
    public void Constructor_NullHttpClient_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = KeyCanary }, null!));
    }

    [Fact]
    public void Constructor_OptionsChangedLater_DoNotAffectClient()
    {
        var options = new QwenClientOptions { ApiKey = KeyCanary, ModelId = "qwen-max" };
        using var client = new QwenChatClient(options);
        options.ModelId = "qwen-plus";

        Assert.Equal("qwen-max", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void GetService_ReturnsMetadataSelfAndNullForKeyed()
    {
        using var client = new QwenChatClient(KeyCanary, "qwen-max");

        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("qwen", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.qwenapi.io/v1"), metadata.ProviderUri);
        Assert.Equal("qwen-max", metadata.DefaultModelId);
        Assert.Same(client, client.GetService<QwenChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public async Task SuppliedHttpClient_IsUsedAndNotDisposed()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var http = new HttpClient();
        using (var client = new QwenChatClient(TestClients.Options(simulator), http))
        {
            Assert.Equal("Simulated answer to: hi", (await client.GetResponseAsync("hi")).Text);
        }

        using HttpResponseMessage stillUsable = await http.GetAsync(simulator.Endpoint + "/models");
        Assert.NotNull(stillUsable);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKey_ThrowsAuthenticationWithoutKey()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        QwenClientOptions options = TestClients.Options(simulator);
        options.ApiKey = KeyCanary;
        using var client = new QwenChatClient(options);

        QwenAuthenticationException error = await Assert.ThrowsAsync<QwenAuthenticationException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        Assert.DoesNotContain(KeyCanary, error.ToString());
    }

    [Fact]
    public async Task UseFunctionInvocation_CompletesToolRoundTripAgainstSimulator()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        int calls = 0;
        AIFunction weather = AIFunctionFactory.Create((string location) => { calls++; return $"Sunny in {location}"; }, "get_weather");
        using IChatClient client = new ChatClientBuilder(TestClients.Create(simulator)).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetResponseAsync("Weather?", new ChatOptions { Tools = [weather] });

        Assert.Equal(1, calls);
        Assert.Equal("Tool result received: Sunny in sample", response.Text);
        Assert.Equal(3, response.Messages.Count); // assistant call, tool result, final answer
        Assert.Equal(2, simulator.Requests.Count);
        string second = simulator.Requests[1].Body;
        Assert.Contains("\"role\":\"tool\"", second, StringComparison.Ordinal);
        Assert.Contains("\"tool_call_id\":\"call_sim_1_0\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseFunctionInvocation_Streaming_CompletesToolRoundTrip()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        AIFunction weather = AIFunctionFactory.Create((string location) => $"Rain in {location}", "get_weather");
        using IChatClient client = new ChatClientBuilder(TestClients.Create(simulator)).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetStreamingResponseAsync("Weather?", new ChatOptions { Tools = [weather] }).ToChatResponseAsync();

        Assert.EndsWith("Tool result received: Rain in sample", response.Text, StringComparison.Ordinal);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task UseOpenTelemetry_ProducesActivityWithModelAndUsage()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var capture = new ActivityCapture();
        using IChatClient client = new ChatClientBuilder(TestClients.Create(simulator)).UseOpenTelemetry(sourceName: capture.Source).Build();

        ChatResponse response = await client.GetResponseAsync("hello there");

        Activity activity = Assert.Single(capture.Activities);
        Assert.Equal("qwen-plus", activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal("qwen-plus", activity.GetTagItem("gen_ai.response.model"));
        Assert.Equal("qwen", activity.GetTagItem("gen_ai.provider.name") ?? activity.GetTagItem("gen_ai.system"));
        Assert.Equal((int)response.Usage!.InputTokenCount!.Value, Convert.ToInt32(activity.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((int)response.Usage.OutputTokenCount!.Value, Convert.ToInt32(activity.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
