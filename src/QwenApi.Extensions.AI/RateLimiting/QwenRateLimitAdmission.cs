namespace QwenApi.Extensions.AI;

/// <summary>
/// A <see cref="QwenRateLimitCoordinator"/>'s answer for one attempt: admitted (a grant, disposed when the call ends and
/// corrected to the real token use) or refused (with the wait after which asking again may succeed).
/// </summary>
public class QwenRateLimitAdmission : IDisposable
{
    /// <summary>Initializes an admitted attempt; derived grants override <see cref="ReconcileAsync"/> and <see cref="Dispose(bool)"/>.</summary>
    protected QwenRateLimitAdmission() => IsAdmitted = true;

    private QwenRateLimitAdmission(TimeSpan? retryAfter, QwenRateLimitSource refusedBy, string reason)
    {
        RetryAfter = retryAfter;
        RefusedBy = refusedBy;
        Reason = reason;
    }

    /// <summary>Gets an admission with nothing to correct or release.</summary>
    public static QwenRateLimitAdmission Admitted { get; } = new();

    /// <summary>Gets a value indicating whether the attempt may be sent.</summary>
    public bool IsAdmitted { get; }

    /// <summary>Gets, for a refusal, how long to wait before asking again, or <see langword="null"/> when waiting cannot help.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets, for a refusal, what refused: <see cref="QwenRateLimitSource.Pause"/> or <see cref="QwenRateLimitSource.Window"/>.</summary>
    public QwenRateLimitSource RefusedBy { get; }

    /// <summary>Gets, for a refusal, why, in words for an exception message.</summary>
    public string? Reason { get; }

    /// <summary>Creates a refusal.</summary>
    /// <param name="retryAfter">How long to wait before asking again, or <see langword="null"/> when waiting cannot help.</param>
    /// <param name="refusedBy">What refused.</param>
    /// <param name="reason">Why, in words for an exception message.</param>
    /// <returns>The refusal.</returns>
    public static QwenRateLimitAdmission Refuse(TimeSpan? retryAfter, QwenRateLimitSource refusedBy, string reason) => new(retryAfter, refusedBy, reason);

    /// <summary>
    /// Sets the grant's tokens to what the server charged for the attempt, which the client computes from the answer's
    /// reported usage as <see cref="QwenRateLimitOptions.TokenAccounting"/> says: <see cref="QwenTokenAccounting.Usage"/>,
    /// <c>usage.total_tokens</c>; <see cref="QwenTokenAccounting.Admission"/>, the reported prompt tokens plus the output
    /// cap the request sent (or, without a cap, never less than the estimate). Called at most once, and only when the
    /// answer reported usage; never throws for an unreachable store.
    /// </summary>
    /// <param name="usedTokens">The tokens the server charged for the attempt.</param>
    /// <param name="cancellationToken">Cancels the correction.</param>
    /// <returns>A task that completes when the correction is recorded.</returns>
    public virtual ValueTask ReconcileAsync(long usedTokens, CancellationToken cancellationToken = default) => default;

    /// <summary>Releases the grant when its call ended (window grants stay counted until they leave the window).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the grant holds.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
