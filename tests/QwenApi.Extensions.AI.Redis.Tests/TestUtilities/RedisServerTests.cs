using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>The Redis fixture runs the server it says, and the one <c>QWEN_TEST_REDIS</c> asks for.</summary>
public sealed class RedisServerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Kind_IsTheServerThatAnswers()
    {
        using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"); // INFO is an admin command to StackExchange.Redis

        string info = await connection.GetServer(connection.GetEndPoints()[0]).InfoRawAsync("server") ?? "";

        Assert.Equal(redis.Kind == RedisServerKind.Garnet, info.Contains("garnet_version:", StringComparison.Ordinal));
        switch (Environment.GetEnvironmentVariable(RedisServer.EnvironmentVariable))
        {
            case "garnet":
                Assert.Equal(RedisServerKind.Garnet, redis.Kind);
                break;
            case "redis-server":
                Assert.Equal(RedisServerKind.RedisServer, redis.Kind);
                break;
        }
    }
}
