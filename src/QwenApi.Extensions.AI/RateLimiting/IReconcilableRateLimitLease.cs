namespace QwenApi.Extensions.AI;

/// <summary>
/// A <see cref="System.Threading.RateLimiting.RateLimitLease"/> of a <see cref="QwenClientOptions.TokenRateLimiter"/> whose
/// permit count can be corrected once the real use is known. A call acquires an estimate of its tokens before it is
/// sent; when the answer of the attempt that succeeded reports its usage, <see cref="QwenChatClient"/> reconciles the
/// lease with the tokens reported (<c>usage.total_tokens</c>). A lease of an attempt the server refused with a 429 is
/// released, not reconciled: the server's window may count the attempt, so its estimate stands.
/// </summary>
/// <remarks>
/// <see cref="System.Threading.RateLimiting.RateLimiter"/> itself cannot take back or add permits once granted, so only
/// limiters whose leases implement this interface are reconciled (the Redis limiter of <c>QwenApi.Extensions.AI.Redis</c>
/// does); with any other limiter the estimate stands, as it does for a stream abandoned before its usage chunk (the
/// tokens are unknown, so the estimate is kept: the conservative choice). A key's shared token window is better kept by a
/// <see cref="QwenRateLimitCoordinator"/> (<see cref="QwenRateLimitAdmission.ReconcileAsync"/>); this interface stays for
/// limiters that are not coordinators. Implementations must not throw for an unreachable backend: a call
/// that succeeded never fails because of its reconciliation (exceptions are logged and ignored).
/// </remarks>
public interface IReconcilableRateLimitLease
{
    /// <summary>Replaces the permits this lease counts with <paramref name="usedPermits"/>, as of the instant it was granted.</summary>
    /// <param name="usedPermits">The permits really used (zero or more).</param>
    /// <param name="cancellationToken">Cancels the correction.</param>
    /// <returns>A task that completes when the correction is recorded.</returns>
    public ValueTask ReconcileAsync(long usedPermits, CancellationToken cancellationToken = default);
}
