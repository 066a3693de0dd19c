using System.Diagnostics;
using System.Net;
using System.Reflection;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Two clients in separate processes (this one and the peer, <c>QwenApi.Extensions.AI.Redis.Tests.Peer</c>) share one
/// request limit and one pause through a real Redis server. Both run on the system clock, as two replicas would.
/// </summary>
public sealed class CrossProcessTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string s_peerPath = typeof(CrossProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PeerPath").Value!;

    [Fact]
    public async Task TwoProcesses_ShareOneRequestLimit()
    {
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, TimeProvider.System, connection, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3), o => o.OverallTimeout = TimeSpan.FromSeconds(10));

        _ = await client.GetResponseAsync("here");
        string[] peer = await RunPeerAsync(simulator, prefix, requestsPerMinute: 3, "there 1", "there 2", "there 3");
        var limited = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("here again"));

        Assert.Equal(["ok", "ok", "limited"], peer);
        Assert.Null(limited.StatusCode);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task A429_InOneProcess_PausesTheOther()
    {
        string prefix = RedisTestClients.UniquePrefix();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "120" }));
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        using QwenChatClient client = RedisTestClients.Create(simulator, TimeProvider.System, connection, l => l.KeyPrefix = prefix, o => o.OverallTimeout = TimeSpan.FromSeconds(10));

        string[] peer = await RunPeerAsync(simulator, prefix, requestsPerMinute: 100, "there");
        var paused = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("here"));

        Assert.Equal(["429"], peer);
        Assert.Equal(HttpStatusCode.TooManyRequests, paused.StatusCode);
        Assert.Contains("paused", paused.Message, StringComparison.Ordinal);
        Assert.Single(simulator.Requests);
    }

    private async Task<string[]> RunPeerAsync(QwenSimulator simulator, string prefix, int requestsPerMinute, params string[] prompts)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", s_peerPath, simulator.Endpoint.AbsoluteUri, simulator.ApiKey, redis.Configuration, prefix, requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), .. prompts])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process peer = Process.Start(start)!;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<string> output = peer.StandardOutput.ReadToEndAsync(guard.Token);
        Task<string> errors = peer.StandardError.ReadToEndAsync(guard.Token);
        await peer.WaitForExitAsync(guard.Token);
        Assert.True(peer.ExitCode == 0, $"The peer exited with {peer.ExitCode}: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
