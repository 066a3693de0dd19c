using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>The handler the client builds for itself and registers for DI: no compression asked for, unary or streaming.</summary>
public sealed class QwenHttpHandlerTests
{
    [Fact]
    public async Task OwnHandler_UnaryAndStreaming_AsksForNoCompressionAndAnswers()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator);

        ChatResponse unary = await client.GetResponseAsync("Hi");
        ChatResponse streamed = await client.GetStreamingResponseAsync("Hi").ToChatResponseAsync();

        Assert.Equal(("Simulated answer to: Hi", "Simulated answer to: Hi"), (unary.Text, streamed.Text));
        Assert.Equal(2, simulator.Requests.Count);
        Assert.All(simulator.Requests, request => Assert.False(request.Headers.ContainsKey("Accept-Encoding"), string.Join(", ", request.Headers.Keys)));
    }

    [Fact]
    public async Task DependencyInjectionHandler_Unary_AsksForNoCompressionAndAnswers()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var services = new ServiceCollection();
        services.AddQwenChatClient(o =>
        {
            o.ApiKey = simulator.ApiKey;
            o.Endpoint = simulator.Endpoint;
            o.ModelId = "qwen-plus";
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Simulated answer to: Hi", response.Text);
        SimulatorRequest request = Assert.Single(simulator.Requests);
        Assert.False(request.Headers.ContainsKey("Accept-Encoding"), string.Join(", ", request.Headers.Keys));
    }
}
