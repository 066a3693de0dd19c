namespace QwenApi.Extensions.AI;

/// <summary>
/// An attempt admitted by the token window of a <see cref="QwenRateLimitCoordinator"/>: its grant stays counted until it
/// leaves the window, and is corrected once to the reported usage as the key's <see cref="QwenTokenAccounting"/> says.
/// </summary>
internal sealed class WindowAdmission(CoordinatorScope scope, long grantId, long estimate, QwenTokenAccounting accounting) : QwenRateLimitAdmission
{
    private int _reconciled;

    public override ValueTask ReconcileAsync(long usedTokens, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reconciled, 1) == 0)
        {
            // Admission accounting: the server charged prompt plus output cap at admission, so the grant only grows (a
            // larger real use means the estimate was low); Usage: the server charges what the answer used.
            long tokens = accounting == QwenTokenAccounting.Usage ? Math.Max(0, usedTokens) : Math.Max(estimate, usedTokens);
            if (tokens != estimate)
            {
                scope.ReconcileTokens(grantId, tokens);
            }
        }

        return default;
    }
}
