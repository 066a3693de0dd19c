using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.DependencyInjection;

/// <summary>
/// Users who add Microsoft.Extensions.Http.Resilience's standard handler to the client's HttpClient (directly, or to every
/// client through ConfigureHttpClientDefaults as the Aspire service defaults do) must not get its retries on top of
/// ours, nor its 30 s total timeout on streams: the handler is taken off the Qwen client, with one warning.
/// </summary>
public sealed class ForeignResilienceHandlerTests
{
    [Theory]
    [InlineData("named client")]
    [InlineData("all clients")]
    public async Task AddStandardResilienceHandler_OnTheQwenClient_IsRemovedSoNothingIsRetriedTwice(string where)
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503));
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        if (where == "all clients")
        {
            services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        }

        services.AddQwenChatClient(o =>
        {
            o.ApiKey = simulator.ApiKey;
            o.Endpoint = simulator.Endpoint;
            o.ModelId = "qwen-plus";
            o.MaxRetries = 0; // ours off: any retry now would be the standard handler's
        });
        if (where == "named client")
        {
            services.AddHttpClient("Qwen").AddStandardResilienceHandler();
        }

        services.AddHttpClient("other").AddStandardResilienceHandler();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<QwenServerException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("hi"));

        Assert.Equal((System.Net.HttpStatusCode?)System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(simulator.Requests); // the standard handler would have retried the 503
        CapturedLog warning = Assert.Single(logs.Lines, l => l.EventId.Id == 5);
        Assert.Contains("\"Qwen\"", warning.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task AddStandardResilienceHandler_OnAnotherClient_StaysThere()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(503));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddQwenChatClient(o => (o.ApiKey, o.Endpoint, o.ModelId) = (simulator.ApiKey, simulator.Endpoint, "qwen-plus"));
        services.AddHttpClient("other").AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero); // no wait to sleep through
        using ServiceProvider provider = services.BuildServiceProvider();

        using HttpResponseMessage response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("other")
            .PostAsync(new Uri(simulator.Endpoint + "/chat/completions"), new StringContent("{}"));

        Assert.Equal(2, simulator.Requests.Count); // 503 retried by the standard handler; the retry got the default answer (400 for "{}")
    }
}
