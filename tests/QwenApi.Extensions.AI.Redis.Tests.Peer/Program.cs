using QwenApi.Extensions.AI;
using StackExchange.Redis;

// Usage: Peer <redis> <keyPrefix> <requestsPerMinute> <scope> admit <count>
//        Peer <redis> <keyPrefix> <requestsPerMinute> <scope> pause <seconds>
// Another process of the fleet: its coordinator (UseRedisRateLimiting, on the system clock) admits <count> attempts and
// prints one line each ("admitted", or "refused <source> <retry-after seconds>"), or pauses the scope (prints "paused").
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Peer <redis> <keyPrefix> <requestsPerMinute> <scope> admit|pause <count|seconds>");
    return 2;
}

using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
QwenClientOptions options = new QwenClientOptions { ApiKey = "peer", Endpoint = new Uri("https://peer.test/v1") }.UseRedisRateLimiting(redis, limits =>
{
    limits.KeyPrefix = args[1];
    limits.RequestsPerMinute = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    limits.OperationTimeout = TimeSpan.FromSeconds(10); // a cold process on a busy test machine is no outage
});
QwenRateLimitCoordinator coordinator = options.RateLimitCoordinator!;
int count = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
if (args[4] == "pause")
{
    await coordinator.PauseAsync(args[3], DateTimeOffset.UtcNow.AddSeconds(count));
    Console.WriteLine("paused");
    return 0;
}

for (int i = 0; i < count; i++)
{
    using QwenRateLimitAdmission admission = await coordinator.AdmitAsync(args[3], 1);
    Console.WriteLine(admission.IsAdmitted ? "admitted" : FormattableString.Invariant($"refused {admission.RefusedBy} {admission.RetryAfter?.TotalSeconds:0}"));
}

return 0;
