namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// What one process knows of one scope besides Redis: its own grants in the window (on the caller's clock), the pause it
/// saw, and the fleet's last known size. While Redis is unreachable it admits in Redis's place with this process's share
/// of the limits (the limits divided by the fleet's size, rounded up); once Redis answers again, its grants are written back.
/// </summary>
internal sealed class ScopeState(RedisScopeKeys keys, QwenRateLimitOptions limits, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<LocalGrant> _grants = new();
    private DateTimeOffset _pausedUntil;
    private int _fleetSize = 1;
    private int _syncedOutages;
    private bool _lost;

    public RedisScopeKeys Keys { get; } = keys;

    /// <summary>Gets or sets how many processes used the scope lately, as Redis last said (at least 1).</summary>
    public int FleetSize
    {
        get => Volatile.Read(ref _fleetSize);
        set => Volatile.Write(ref _fleetSize, Math.Max(1, value));
    }

    /// <summary>Gets how long the pause this process saw lasts, or null when none does.</summary>
    public TimeSpan? PauseLeft()
    {
        TimeSpan left;
        lock (_lock)
        {
            left = _pausedUntil - time.GetUtcNow();
        }

        return left > TimeSpan.Zero ? left : null;
    }

    public void Pause(DateTimeOffset until)
    {
        lock (_lock)
        {
            _pausedUntil = until > _pausedUntil ? until : _pausedUntil;
        }
    }

    /// <summary>Remembers a grant admitted by Redis (<paramref name="inRedis"/>) or locally.</summary>
    public LocalGrant Record(string id, long tokens, bool inRedis)
    {
        var grant = new LocalGrant(id, tokens, time.GetUtcNow(), inRedis);
        lock (_lock)
        {
            Trim();
            _grants.Enqueue(grant);
        }

        return grant;
    }

    /// <summary>Sets the grant's tokens; returns the tokens Redis holds for it (null: none) to correct there.</summary>
    public long? Correct(LocalGrant grant, long tokens)
    {
        lock (_lock)
        {
            grant.Tokens = tokens;
            return grant.RedisTokens;
        }
    }

    public void Confirm(LocalGrant grant, long tokens)
    {
        lock (_lock)
        {
            grant.RedisTokens = tokens;
        }
    }

    /// <summary>Says that Redis no longer knows this process (restart, failover, eviction): write back before the next admission.</summary>
    public void MarkLost()
    {
        lock (_lock)
        {
            _lost = _grants.Count > 0;
        }
    }

    public bool NeedsWriteBack(int outages)
    {
        lock (_lock)
        {
            return _lost || _syncedOutages != outages;
        }
    }

    /// <summary>The grants still in the window: (age on the caller's clock, grant, current tokens, tokens Redis holds).</summary>
    public List<(TimeSpan Age, LocalGrant Grant, long Tokens, long? RedisTokens)> Held()
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_lock)
        {
            Trim();
            return [.. _grants.Select(g => (now - g.AdmittedAt, g, g.Tokens, g.RedisTokens))];
        }
    }

    /// <summary>Records that Redis holds <paramref name="written"/> as they were, as of outage count <paramref name="outages"/>.</summary>
    public void Synced(int outages, List<(TimeSpan Age, LocalGrant Grant, long Tokens, long? RedisTokens)> written)
    {
        lock (_lock)
        {
            foreach ((_, LocalGrant grant, long tokens, _) in written)
            {
                grant.RedisTokens = grant.Tokens == tokens ? tokens : grant.RedisTokens;
            }

            _syncedOutages = outages;
            _lost = false;
        }
    }

    /// <summary>
    /// Admits in Redis's place with this process's share of the limits; a call larger than the token share is admitted when
    /// this process holds nothing else in the window (so an outage never refuses it for good).
    /// </summary>
    public QwenRateLimitAdmission? AdmitLocally(long tokens, out LocalGrant? grant)
    {
        grant = null;
        int fleet = FleetSize;
        long requestShare = limits.RequestsPerMinute is { } r ? (r + fleet - 1) / fleet : long.MaxValue;
        long tokenShare = limits.TokensPerMinute is { } t ? (t + fleet - 1) / fleet : long.MaxValue;
        if (tokens > (limits.TokensPerMinute ?? long.MaxValue))
        {
            return QwenRateLimitAdmission.Refuse(null, QwenRateLimitSource.Window, $"the call's {tokens} tokens exceed QwenRateLimitOptions.TokensPerMinute ({limits.TokensPerMinute})");
        }

        DateTimeOffset now = time.GetUtcNow();
        lock (_lock)
        {
            Trim();
            long count = _grants.Count;
            long sum = _grants.Sum(g => g.Tokens);
            long overRequests = count + 1 - requestShare;
            long overTokens = count == 0 ? 0 : sum + tokens - tokenShare;
            if (overRequests <= 0 && overTokens <= 0)
            {
                grant = new LocalGrant(LocalGrant.NewId(), tokens, now, inRedis: false);
                _grants.Enqueue(grant);
                return null;
            }

            foreach (LocalGrant held in _grants)
            {
                overRequests--;
                overTokens -= held.Tokens;
                if (overRequests <= 0 && overTokens <= 0)
                {
                    return Refused(held.AdmittedAt + limits.Window - now, fleet);
                }
            }

            return Refused(limits.Window, fleet);
        }
    }

    private static QwenRateLimitAdmission Refused(TimeSpan wait, int fleet) => QwenRateLimitAdmission.Refuse(
        wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1),
        QwenRateLimitSource.Window,
        $"Redis is unreachable and this process's share of the key's limits (1/{fleet}, the fleet's last known size) is spent");

    private void Trim()
    {
        DateTimeOffset cut = time.GetUtcNow() - limits.Window;
        while (_grants.TryPeek(out LocalGrant? oldest) && oldest.AdmittedAt <= cut)
        {
            _ = _grants.Dequeue();
        }
    }
}
