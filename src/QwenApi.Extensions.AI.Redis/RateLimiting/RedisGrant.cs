namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// An admission of <see cref="RedisRateLimitCoordinator"/>: a grant in the shared window (or in this process's share while
/// Redis is unreachable), corrected once to the call's reported tokens. Disposing it returns nothing: a grant stays in
/// the window until the window moves past it, as a request the server counted does.
/// </summary>
internal sealed class RedisGrant(RedisRateLimitCoordinator coordinator, ScopeState state, LocalGrant grant) : QwenRateLimitAdmission
{
    private int _reconciled;

    /// <summary>Gets the grant's id (unique across key lifetimes).</summary>
    public string Id => grant.Id;

    public override ValueTask ReconcileAsync(long usedTokens, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _reconciled, 1) == 1 ? default : coordinator.ReconcileAsync(state, grant, usedTokens, cancellationToken);
}
