using System.Globalization;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// A <see cref="RateLimiter"/> whose window lives in Redis (<see cref="RedisScripts.Acquire"/>), shared by every process
/// that uses the same keys. A caller that does not fit waits in this process's bounded queue and asks again when the
/// script says enough grants will have left the window (plus a little jitter, so waiters do not ask together). While
/// Redis is unreachable, a <see cref="LocalSlidingWindow"/> (same limit and window, this process only) answers instead,
/// through the same queue.
/// Granted leases are <see cref="IReconcilableRateLimitLease"/>: the client corrects a token estimate to the real usage.
/// The client attempts through <see cref="AttemptAcquireAsync"/>, so its call path never blocks on Redis;
/// <see cref="RateLimiter.AttemptAcquire"/> works too (synchronously) for other users of the limiter.
/// </summary>
internal sealed class RedisSlidingWindowLimiter : RateLimiter, IAsyncAttemptRateLimiter
{
    private readonly RedisBackend _backend;
    private readonly RedisWindowKeys _keys;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly long _keyLifetimeMs;
    private readonly int _queueLimit;
    private readonly LocalSlidingWindow _local;
    private int _waiting;

    public RedisSlidingWindowLimiter(RedisBackend backend, RedisWindowKeys keys, int limit, TimeSpan window, int queueLimit)
    {
        _backend = backend;
        _keys = keys;
        _limit = limit;
        _window = window;
        _keyLifetimeMs = (long)window.TotalMilliseconds + 60_000;
        _queueLimit = queueLimit;
        _local = new LocalSlidingWindow(limit, window, backend.Time);
    }

    /// <summary>Never idle: the state is in Redis, nothing here needs collecting.</summary>
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        CurrentAvailablePermits = 0, // only Redis knows; asking it here would be a round trip per call of a diagnostics API
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (Settled(permitCount) is { } settled)
        {
            return settled;
        }

        try
        {
            RedisResult result = _backend.Database.ScriptEvaluate(RedisScripts.Acquire, _keys.All, Arguments(permitCount));
            _backend.Succeeded();
            return ToLease(result);
        }
        catch (Exception ex) when (RedisBackend.IsOutage(ex))
        {
            _backend.Failed(ex, "acquire");
            return LocalAttempt(permitCount);
        }
    }

    public async ValueTask<RateLimitLease> AttemptAcquireAsync(int permitCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (Settled(permitCount) is { } settled)
        {
            return settled;
        }

        return await SharedAttemptAsync(permitCount, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        bool queued = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RedisWindowLease lease = Settled(permitCount) ?? await SharedAttemptAsync(permitCount, cancellationToken).ConfigureAwait(false);
                if (lease.IsAcquired)
                {
                    return lease;
                }

                if (!queued)
                {
                    if (Interlocked.Increment(ref _waiting) > _queueLimit)
                    {
                        _ = Interlocked.Decrement(ref _waiting);
                        return RedisWindowLease.Refused(lease.RetryAfter, $"the queue of QwenRedisRateLimitOptions.QueueLimit ({_queueLimit}) waiting callers is full");
                    }

                    queued = true;
                }

                TimeSpan wait = lease.RetryAfter;
                wait += TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Math.Min(wait.Ticks * 0.1, TimeSpan.TicksPerMillisecond * 250)));
                await Task.Delay(wait, _backend.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (queued)
            {
                _ = Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>
    /// An attempt that needs no Redis: zero permits (granted: nothing to count, availability is all a zero request asks),
    /// or Redis unavailable (the local window's answer); else null. Throws for more permits than the limit.
    /// </summary>
    private RedisWindowLease? Settled(int permitCount)
    {
        CheckPermits(permitCount);
        if (permitCount == 0)
        {
            return RedisWindowLease.Granted(null, 0, local: false);
        }

        return _backend.Available ? null : LocalAttempt(permitCount);
    }

    /// <summary>One attempt on the shared window; an outage switches to local governance and answers locally.</summary>
    private async ValueTask<RedisWindowLease> SharedAttemptAsync(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            RedisResult result = await _backend.Database.ScriptEvaluateAsync(RedisScripts.Acquire, _keys.All, Arguments(permitCount)).WaitAsync(cancellationToken).ConfigureAwait(false);
            _backend.Succeeded();
            return ToLease(result);
        }
        catch (Exception ex) when (RedisBackend.IsOutage(ex))
        {
            _backend.Failed(ex, "acquire");
            return LocalAttempt(permitCount);
        }
    }

    private RedisWindowLease LocalAttempt(int permitCount)
    {
        RedisBackend.Fallback("acquire");
        (bool granted, long grantId, TimeSpan retryAfter) = _local.TryAcquire(permitCount);
        return granted
            ? RedisWindowLease.Granted(this, grantId, local: true)
            : RedisWindowLease.Refused(retryAfter, "the window (governed locally while Redis is unreachable) is full");
    }

    private void CheckPermits(int permitCount)
    {
        if (permitCount > _limit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, string.Create(CultureInfo.InvariantCulture, $"{permitCount} permit(s) exceed the limit of {_limit} per {_window.TotalSeconds:0.###} s."));
        }
    }

    private RedisValue[] Arguments(int permitCount) =>
    [
        _backend.Time.GetUtcNow().ToUnixTimeMilliseconds(),
        (long)_window.TotalMilliseconds,
        _limit,
        permitCount,
        _keyLifetimeMs,
    ];

    private RedisWindowLease ToLease(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return (long)values[0] == 1
            ? RedisWindowLease.Granted(this, (long)values[1], local: false)
            : RedisWindowLease.Refused(TimeSpan.FromMilliseconds(Math.Max(1, (long)values[1])), "the shared window is full");
    }

    /// <summary>Corrects grant <paramref name="grantId"/> to <paramref name="usedPermits"/>; best effort (a failure leaves the estimate).</summary>
    internal async ValueTask ReconcileAsync(long grantId, bool local, long usedPermits, CancellationToken cancellationToken)
    {
        if (local)
        {
            _local.Reconcile(grantId, usedPermits);
            return;
        }

        if (!_backend.Available)
        {
            RedisBackend.Fallback("reconcile");
            return;
        }

        try
        {
            _ = await _backend.Database.ScriptEvaluateAsync(RedisScripts.Reconcile, _keys.ForReconcile, [grantId, usedPermits]).WaitAsync(cancellationToken).ConfigureAwait(false);
            _backend.Succeeded();
        }
        catch (Exception ex) when (RedisBackend.IsOutage(ex))
        {
            _backend.Failed(ex, "reconcile");
        }
    }
}
