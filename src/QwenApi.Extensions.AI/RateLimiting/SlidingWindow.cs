namespace QwenApi.Extensions.AI;

/// <summary>
/// A weighted sliding window in this process's memory: each grant counts its permits for <c>window</c> after the instant
/// it was granted, and a request fits while the grants still in the window plus it stay within the limit. A refusal says
/// exactly when enough grants leave; a grant can be corrected later (<see cref="Reconcile"/>). It is the same algorithm
/// as the Redis package's Lua script, so a store's local fallback behaves as the shared window does.
/// </summary>
/// <remarks>Not thread-safe: its owner (<see cref="CoordinatorScope"/>) serialises every call under one lock.</remarks>
internal sealed class SlidingWindow(long limit, TimeSpan window)
{
    private readonly Queue<long> _order = new();
    private readonly Dictionary<long, (long At, long Permits)> _grants = [];
    private long _nextId;
    private long _total;

    /// <summary>Gets the limit per window.</summary>
    public long Limit => limit;

    /// <summary>Gets the permits the grants still in the window count, as of the last call.</summary>
    public long Used => _total;

    /// <summary>
    /// Grants <paramref name="permits"/> at <paramref name="nowMs"/> if they fit; otherwise says how long until they would,
    /// or <see langword="null"/> when they never can (more than the limit).
    /// </summary>
    public (bool Granted, long GrantId, TimeSpan? RetryAfter) TryAcquire(long permits, long nowMs)
    {
        long windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        Expire(nowMs, windowMs);
        if (permits > limit)
        {
            return (false, 0, null);
        }

        if (_total + permits <= limit)
        {
            long id = ++_nextId;
            _order.Enqueue(id);
            _grants[id] = (nowMs, permits);
            _total += permits;
            return (true, id, TimeSpan.Zero);
        }

        // Walk the grants oldest first until enough of them would have left to make room.
        long need = _total + permits - limit;
        foreach (long id in _order)
        {
            (long at, long granted) = _grants[id];
            need -= granted;
            if (need <= 0)
            {
                return (false, 0, TimeSpan.FromMilliseconds(Math.Max(1, at + windowMs - nowMs)));
            }
        }

        return (false, 0, window);
    }

    /// <summary>Corrects grant <paramref name="grantId"/> to <paramref name="usedPermits"/>, if it is still in the window.</summary>
    public void Reconcile(long grantId, long usedPermits)
    {
        if (_grants.TryGetValue(grantId, out (long At, long Permits) grant))
        {
            _total += usedPermits - grant.Permits;
            _grants[grantId] = (grant.At, usedPermits);
        }
    }

    private void Expire(long nowMs, long windowMs)
    {
        while (_order.TryPeek(out long oldest) && _grants[oldest].At <= nowMs - windowMs)
        {
            _total -= _grants[_order.Dequeue()].Permits;
            _ = _grants.Remove(oldest);
        }
    }
}
