using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Redis connection of one set of shared limits, and whether to use it: after a failure every operation runs locally
/// for <see cref="QwenRedisRateLimitOptions.RetryInterval"/>, then the next one tries Redis again. The switch to local
/// governance is logged once per outage (Warning) and its end once (Information); both, and every operation served
/// locally, are counted on the <c>QwenApi.Extensions.AI</c> meter.
/// </summary>
internal sealed class RedisBackend
{
    private static readonly Meter s_meter = new("QwenApi.Extensions.AI");
    private static readonly Counter<long> s_fallbacks = s_meter.CreateCounter<long>(
        "qwen.client.rate_limit.redis.fallbacks", "{operation}", "Rate-limit operations (acquire, reconcile, pause) run locally because Redis was unreachable.");

    private static readonly Counter<long> s_outages = s_meter.CreateCounter<long>(
        "qwen.client.rate_limit.redis.outages", "{outage}", "Times shared rate limiting switched to local governance because Redis failed.");

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryInterval;
    private long _retryAtTicks;
    private int _down;

    public RedisBackend(IConnectionMultiplexer redis, TimeProvider time, ILogger logger, TimeSpan retryInterval)
    {
        _redis = redis;
        Time = time;
        _logger = logger;
        _retryInterval = retryInterval;
    }

    public TimeProvider Time { get; }

    public IDatabase Database => _redis.GetDatabase();

    /// <summary>Gets a value indicating whether the next operation should go to Redis (it is up, or it is time to try again).</summary>
    public bool Available => Volatile.Read(ref _down) == 0 || Time.GetUtcNow().UtcTicks >= Volatile.Read(ref _retryAtTicks);

    /// <summary>Whether <paramref name="exception"/> means Redis could not do the operation (as opposed to a bug of ours or a cancellation).</summary>
    public static bool IsOutage(Exception exception) => exception is RedisException or TimeoutException or ObjectDisposedException;

    public void Failed(Exception exception, string operation)
    {
        Volatile.Write(ref _retryAtTicks, (Time.GetUtcNow() + _retryInterval).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            s_outages.Add(1);
            Log.Unreachable(_logger, operation, _retryInterval.TotalSeconds, exception);
        }
    }

    public void Succeeded()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            Log.Reachable(_logger);
        }
    }

    /// <summary>Counts an operation that ran locally.</summary>
    public static void Fallback(string operation) => s_fallbacks.Add(1, new KeyValuePair<string, object?>("qwen.operation", operation));
}
