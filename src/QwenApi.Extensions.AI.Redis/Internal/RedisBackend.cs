using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Redis connection of one coordinator, and whether to use it. Every operation runs under our own time bound
/// (<see cref="QwenRedisRateLimitOptions.OperationTimeout"/>, whatever the multiplexer's settings): one that fails or
/// times out is an outage, after which operations run locally for <see cref="QwenRedisRateLimitOptions.RetryInterval"/>
/// before the next one tries Redis again. The switch is logged once per outage (Warning) and its end once (Information);
/// both, and every operation served locally, are counted on the <c>QwenApi.Extensions.AI</c> meter.
/// </summary>
internal sealed class RedisBackend
{
    private static readonly Counter<long> s_fallbacks = QwenMetrics.Meter.CreateCounter<long>(
        "qwen.client.rate_limit.redis.fallbacks", "{operation}", "Rate-limit operations (admit, reconcile, pause, observe, write-back) run locally because Redis was unreachable.");

    private static readonly Counter<long> s_outages = QwenMetrics.Meter.CreateCounter<long>(
        "qwen.client.rate_limit.redis.outages", "{outage}", "Times shared rate limiting switched to local governance because Redis failed.");

    private readonly Task<IConnectionMultiplexer> _redis;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryInterval;
    private readonly TimeSpan _operationTimeout;
    private long _retryAtTicks;
    private int _down;
    private int _outages;

    public RedisBackend(Task<IConnectionMultiplexer> redis, TimeProvider time, ILogger logger, TimeSpan retryInterval, TimeSpan operationTimeout)
    {
        _redis = redis;
        Time = time;
        _logger = logger;
        _retryInterval = retryInterval;
        _operationTimeout = operationTimeout;
    }

    /// <summary>Gets the caller's clock: the retry interval and this process's own records (never the shared windows).</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets a value indicating whether the next operation should go to Redis (it is up, or it is time to try again).</summary>
    public bool Available => Volatile.Read(ref _down) == 0 || Time.GetUtcNow().UtcTicks >= Volatile.Read(ref _retryAtTicks);

    /// <summary>Gets how many outages began so far: a scope that saw fewer writes back what it holds.</summary>
    public int Outages => Volatile.Read(ref _outages);

    /// <summary>Whether <paramref name="exception"/> means Redis could not do the operation (as opposed to a bug of ours or a cancellation).</summary>
    public static bool IsOutage(Exception exception) => exception is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>
    /// Runs one script under our time bound. The bound runs on the system clock: it measures the network, not the caller's
    /// (possibly fake) clock. A timeout throws <see cref="TimeoutException"/>; the caller's cancellation, its own exception.
    /// </summary>
    public Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken) =>
        _redis.IsCompletedSuccessfully
            ? _redis.Result.GetDatabase().ScriptEvaluateAsync(script, keys, values).WaitAsync(_operationTimeout, TimeProvider.System, cancellationToken)
            : ConnectThenEvaluateAsync(script, keys, values, cancellationToken);

    /// <summary>
    /// The container connects in the background: an operation that finds the connection still being made waits for it
    /// within the same bound (a replica that just started shares the fleet's window instead of admitting on its own); a
    /// connection that takes longer is an outage.
    /// </summary>
    private async Task<RedisResult> ConnectThenEvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        long started = TimeProvider.System.GetTimestamp();
        IConnectionMultiplexer redis = await _redis.WaitAsync(_operationTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        TimeSpan left = _operationTimeout - TimeProvider.System.GetElapsedTime(started);
        return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values)
            .WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one script whose result nobody waits for (a rollback), bounded and with every failure ignored.</summary>
    public void Forget(string script, RedisKey[] keys, RedisValue[] values) =>
        _ = EvaluateAsync(script, keys, values, CancellationToken.None).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public void Failed(Exception exception, string operation)
    {
        Volatile.Write(ref _retryAtTicks, (Time.GetUtcNow() + _retryInterval).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            _ = Interlocked.Increment(ref _outages);
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
