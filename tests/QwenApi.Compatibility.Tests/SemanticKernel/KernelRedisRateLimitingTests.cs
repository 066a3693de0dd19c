using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace QwenApi.Compatibility.Tests.SemanticKernel;

/// <summary>
/// Semantic Kernel's registrations honour the fleet line: two kernels (two replicas), one registered with
/// <c>AddQwenChatCompletion</c> and one with <c>AddQwenChatClient</c>, each with <c>AddQwenRedisRateLimiting</c> beside it,
/// share one request limit through a real Redis server (redis-server or Garnet, see RedisServer).
/// </summary>
public sealed class KernelRedisRateLimitingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Kernels_OfTwoReplicas_ShareTheKeysLimitThroughRedis()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        string prefix = "sk:" + Guid.NewGuid().ToString("N") + ":";
        IKernelBuilder first = Kernel.CreateBuilder().AddQwenChatCompletion(Options(simulator));
        IKernelBuilder second = Kernel.CreateBuilder().AddQwenChatClient(Options(simulator));
        foreach (IKernelBuilder replica in new[] { first, second })
        {
            replica.Services.AddQwenRedisRateLimiting(redis.Configuration, limits => (limits.KeyPrefix, limits.RequestsPerMinute, limits.OperationTimeout) = (prefix, 1, TimeSpan.FromSeconds(10))); // a busy test machine is no outage
        }

        ChatMessageContent answer = await first.Build().GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("first");
        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => second.Build().GetRequiredService<IChatClient>().GetResponseAsync("second"));

        Assert.Equal("Simulated answer to: first", answer.Content);
        Assert.Null(limited.StatusCode); // refused on the client side, before sending
        Assert.Equal(QwenRateLimitSource.Window, limited.RefusedBy); // the shared window, not a limiter of this replica
        Assert.Single(simulator.Requests);
    }

    private static QwenClientOptions Options(QwenSimulator simulator) => new()
    {
        ApiKey = simulator.ApiKey,
        Endpoint = simulator.Endpoint,
        ModelId = "qwen-plus",
        OverallTimeout = TimeSpan.FromSeconds(10),
    };
}
