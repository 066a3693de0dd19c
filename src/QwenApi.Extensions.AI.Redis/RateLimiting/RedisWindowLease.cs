using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// A lease of <see cref="RedisSlidingWindowLimiter"/>: granted (a grant in the shared window, or the local one while
/// Redis is unreachable, which the client can reconcile once) or refused (with when to ask again and why). Disposing a granted lease returns nothing: a grant stays
/// in the window until the window moves past it, as a request or token the server counted does.
/// </summary>
internal sealed class RedisWindowLease : RateLimitLease, IReconcilableRateLimitLease
{
    private static readonly string[] s_refusedMetadata = [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];
    private readonly RedisSlidingWindowLimiter? _limiter;
    private readonly long _grantId;
    private readonly bool _local;
    private readonly string? _reason;
    private int _reconciled;

    private RedisWindowLease(bool acquired, RedisSlidingWindowLimiter? limiter, long grantId, bool local, TimeSpan retryAfter, string? reason)
    {
        IsAcquired = acquired;
        _limiter = limiter;
        _grantId = grantId;
        _local = local;
        RetryAfter = retryAfter;
        _reason = reason;
    }

    public override bool IsAcquired { get; }

    /// <summary>Gets when to ask again (refused leases).</summary>
    public TimeSpan RetryAfter { get; }

    public override IEnumerable<string> MetadataNames => IsAcquired ? [] : s_refusedMetadata;

    /// <summary>A grant in the shared window, or in the local one (<paramref name="local"/>) while Redis is unreachable.</summary>
    public static RedisWindowLease Granted(RedisSlidingWindowLimiter? limiter, long grantId, bool local) => new(true, limiter, grantId, local, TimeSpan.Zero, null);

    public static RedisWindowLease Refused(TimeSpan retryAfter, string reason) => new(false, null, 0, false, retryAfter, reason);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (!IsAcquired && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = RetryAfter;
            return true;
        }

        if (!IsAcquired && metadataName == MetadataName.ReasonPhrase.Name)
        {
            metadata = _reason;
            return true;
        }

        metadata = null;
        return false;
    }

    public ValueTask ReconcileAsync(long usedPermits, CancellationToken cancellationToken = default) =>
        _limiter is null || Interlocked.Exchange(ref _reconciled, 1) == 1
            ? default
            : _limiter.ReconcileAsync(_grantId, _local, Math.Max(0, usedPermits), cancellationToken);
}
