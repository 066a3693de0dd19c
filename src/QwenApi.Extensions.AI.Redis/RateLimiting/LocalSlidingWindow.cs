namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The same weighted sliding window as <see cref="RedisScripts.Acquire"/>, in this process's memory: the stand-in while
/// Redis is unreachable. Same answers (granted, or the exact wait until enough grants leave), same reconciliation, same
/// clock, so local governance behaves as the shared one does, for this process alone.
/// </summary>
internal sealed class LocalSlidingWindow(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<long> _order = new();
    private readonly Dictionary<long, (long At, long Permits)> _grants = [];
    private long _nextId;
    private long _total;

    /// <summary>Grants <paramref name="permits"/> now if they fit, else says how long until they would.</summary>
    public (bool Granted, long GrantId, TimeSpan RetryAfter) TryAcquire(int permits)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long windowMs = (long)window.TotalMilliseconds;
        lock (_lock)
        {
            while (_order.TryPeek(out long oldest) && _grants[oldest].At <= now - windowMs)
            {
                _total -= _grants[_order.Dequeue()].Permits;
                _ = _grants.Remove(oldest);
            }

            if (_total + permits <= limit)
            {
                long id = ++_nextId;
                _order.Enqueue(id);
                _grants[id] = (now, permits);
                _total += permits;
                return (true, id, TimeSpan.Zero);
            }

            long need = _total + permits - limit;
            foreach (long id in _order)
            {
                (long at, long granted) = _grants[id];
                need -= granted;
                if (need <= 0)
                {
                    return (false, 0, TimeSpan.FromMilliseconds(Math.Max(1, at + windowMs - now)));
                }
            }

            return (false, 0, window);
        }
    }

    /// <summary>Corrects grant <paramref name="grantId"/> to <paramref name="usedPermits"/>, if it is still in the window.</summary>
    public void Reconcile(long grantId, long usedPermits)
    {
        lock (_lock)
        {
            if (_grants.TryGetValue(grantId, out (long At, long Permits) grant))
            {
                _total += usedPermits - grant.Permits;
                _grants[grantId] = (grant.At, usedPermits);
            }
        }
    }
}
