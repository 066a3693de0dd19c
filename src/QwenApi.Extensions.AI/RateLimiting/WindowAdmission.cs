namespace QwenApi.Extensions.AI;

/// <summary>
/// An attempt admitted by the token window of a <see cref="QwenRateLimitCoordinator"/>: its grant stays counted until it
/// leaves the window, and is corrected once to what the server charged (computed by the client from the reported usage
/// as the key's <see cref="QwenTokenAccounting"/> says).
/// </summary>
internal sealed class WindowAdmission(CoordinatorScope scope, long grantId, long estimate) : QwenRateLimitAdmission
{
    private int _reconciled;

    public override ValueTask ReconcileAsync(long usedTokens, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reconciled, 1) == 0)
        {
            long tokens = Math.Max(0, usedTokens);
            if (tokens != estimate)
            {
                scope.ReconcileTokens(grantId, tokens);
            }
        }

        return default;
    }
}
