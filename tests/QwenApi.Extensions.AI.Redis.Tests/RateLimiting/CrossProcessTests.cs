using System.Diagnostics;
using System.Reflection;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// Two processes (this one and the peer, <c>QwenApi.Extensions.AI.Redis.Tests.Peer</c>) share one request window and one
/// pause through a real Redis server, both on the system clock and Redis's TIME, as two replicas would.
/// </summary>
public sealed class CrossProcessTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string s_peerPath = typeof(CrossProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PeerPath").Value!;

    [Fact]
    public async Task TwoProcesses_ShareOneRequestWindow()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        QwenRateLimitCoordinator here = Coordinator(connection, prefix, requestsPerMinute: 3);

        Assert.True((await here.AdmitAsync(RedisTestClients.Scope, 1)).IsAdmitted);
        string[] peer = await RunPeerAsync(prefix, requestsPerMinute: 3, "admit", 3);
        using QwenRateLimitAdmission refused = await here.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.Equal(["admitted", "admitted"], peer[..2]);
        Assert.StartsWith("refused Window ", peer[2], StringComparison.Ordinal);
        Assert.False(refused.IsAdmitted);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task APauseInOneProcess_RefusesTheOther()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        QwenRateLimitCoordinator here = Coordinator(connection, prefix, requestsPerMinute: 100);

        string[] peer = await RunPeerAsync(prefix, requestsPerMinute: 100, "pause", 120);
        using QwenRateLimitAdmission paused = await here.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.Equal(["paused"], peer);
        Assert.Equal(QwenRateLimitSource.Pause, paused.RefusedBy);
        Assert.InRange(paused.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    private static QwenRateLimitCoordinator Coordinator(IConnectionMultiplexer connection, string prefix, int requestsPerMinute) =>
        new QwenClientOptions { ApiKey = "here", Endpoint = new Uri("https://here.test/v1") }
            .UseRedisRateLimiting(connection, l => (l.KeyPrefix, l.RequestsPerMinute, l.OperationTimeout) = (prefix, requestsPerMinute, TimeSpan.FromSeconds(10)))
            .RateLimitCoordinator!;

    private async Task<string[]> RunPeerAsync(string prefix, int requestsPerMinute, string command, int count)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", s_peerPath, redis.Configuration, prefix, requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), RedisTestClients.Scope, command, count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
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
