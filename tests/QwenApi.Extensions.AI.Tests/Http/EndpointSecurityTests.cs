using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>Plain http is refused unless the host is loopback or the user opts in; redirects never carry the key elsewhere.</summary>
public sealed class EndpointSecurityTests
{
    private const string Key = "sk-canary-redirect-4Hq8";

    [Theory]
    [InlineData("http://api.qwenapi.io/v1")]
    [InlineData("http://10.0.0.5:8080/v1")]
    [InlineData("http://localhost.evil.example/v1")]
    public void Constructor_PlainHttpOnNonLoopbackHost_IsRefusedWithAClearMessage(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = Key, Endpoint = new Uri(endpoint), ModelId = "qwen-plus" }));

        Assert.Contains("plain http", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureHttp", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.qwenapi.io/v1", true)]
    [InlineData("http://127.0.0.1:5000/v1", false)]
    [InlineData("http://localhost:5000/v1", false)]
    [InlineData("http://[::1]:5000/v1", false)]
    [InlineData("https://api.qwenapi.io/v1", false)]
    public void Constructor_HttpsLoopbackOrExplicitOptIn_IsAccepted(string endpoint, bool optIn)
    {
        using var client = new QwenChatClient(new QwenClientOptions { ApiKey = Key, Endpoint = new Uri(endpoint), ModelId = "qwen-plus", AllowInsecureHttp = optIn });

        Assert.Equal(new Uri(endpoint), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public void Constructor_NonHttpScheme_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = Key, Endpoint = new Uri("ftp://api.qwenapi.io/v1"), ModelId = "qwen-plus" }));

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Call_RedirectToAnotherHostWithOwnHttpClient_IsNotFollowedAndNamesTheTarget(int status)
    {
        await using QwenSimulator origin = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ApiKey = Key });
        await using QwenSimulator other = await QwenSimulator.StartAsync();
        origin.Enqueue(SimulatorResponse.Error(status, body: "", headers: new Dictionary<string, string> { ["Location"] = OtherHost(other) }));
        using QwenChatClient client = TestClients.Create(origin, new TrackingTimeProvider());

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenApiException>(() => ChatCalls.CallAsync(client, "hi", stream: true)));

        Assert.Equal(status, (int?)error.StatusCode);
        Assert.Contains("redirected to localhost", error.Message, StringComparison.Ordinal);
        Assert.Single(origin.Requests); // a redirect is not retried
        Assert.Empty(other.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_RedirectToAnotherHostWithUserHttpClientFollowingRedirects_KeyNeverReachesIt(bool stream)
    {
        await using QwenSimulator origin = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ApiKey = Key });
        await using QwenSimulator other = await QwenSimulator.StartAsync();
        origin.Enqueue(SimulatorResponse.Error(307, body: "", headers: new Dictionary<string, string> { ["Location"] = OtherHost(other) }));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = new QwenChatClient(TestClients.Options(origin, new TrackingTimeProvider()), http);

        var error = await ClockDriver.Guard(Assert.ThrowsAnyAsync<QwenApiException>(() => ChatCalls.CallAsync(client, "hi", stream)));

        SimulatorRequest followed = Assert.Single(other.Requests);
        Assert.Equal("localhost", followed.Headers["Host"].Split(':')[0]);
        Assert.All(followed.Headers, h => Assert.DoesNotContain(Key, h.Value, StringComparison.Ordinal));
        Assert.False(followed.Headers.ContainsKey("Authorization"));
        Assert.IsType<QwenAuthenticationException>(error); // the other host, without a key, refuses
    }

    // The simulators listen on 127.0.0.1; "localhost" is another host name for the client (and for its redirect rules).
    private static string OtherHost(QwenSimulator other) => $"http://localhost:{other.Endpoint.Port}/v1/chat/completions";
}
