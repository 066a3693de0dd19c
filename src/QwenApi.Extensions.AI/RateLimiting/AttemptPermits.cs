using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Everything one attempt was granted before it was sent: the coordinator's admission and the leases of
/// <see cref="QwenClientOptions.RequestRateLimiter"/> and <see cref="QwenClientOptions.TokenRateLimiter"/>. It has one
/// owner at a time: the attempt while it runs (a failed attempt disposes it, so its retry acquires afresh after the
/// backoff and never waits for permits its own call holds), then the call once the attempt succeeded, which reconciles
/// the tokens with the reported usage and disposes it when the call ends.
/// </summary>
internal sealed class AttemptPermits : IDisposable
{
    private readonly QwenRateLimitAdmission? _admission;
    private readonly RateLimitLease? _request;
    private readonly RateLimitLease? _token;
    private int _reconciled;
    private int _disposed;

    private readonly TokenEstimate _estimate;
    private readonly QwenTokenAccounting _accounting;

    public AttemptPermits(string? scope, DateTimeOffset admittedAt, QwenRateLimitAdmission? admission, RateLimitLease? request, RateLimitLease? token, TokenEstimate estimate, QwenTokenAccounting accounting)
    {
        _estimate = estimate;
        _accounting = accounting;
        Scope = scope;
        AdmittedAt = admittedAt;
        _admission = admission;
        _request = request;
        _token = token;
    }

    /// <summary>Gets the coordinator scope the attempt was admitted in, or <see langword="null"/> without a coordinator.</summary>
    public string? Scope { get; }

    /// <summary>Gets when the attempt was admitted, for the server's answer (<see cref="QwenServerRateLimits.AdmittedAt"/>).</summary>
    public DateTimeOffset AdmittedAt { get; }

    /// <summary>
    /// Corrects the coordinator's token grant, once, to what the server charged for the attempt as the coordinator's
    /// accounting says (<see cref="TokenEstimate.Charged"/>; a limiter's lease cannot be corrected). Never fails the call:
    /// a failure is logged and the estimate stands.
    /// </summary>
    public async ValueTask ReconcileAsync(long? inputTokens, long? totalTokens, ILogger logger)
    {
        if (_admission is null
            || _estimate.Charged(_accounting, inputTokens, totalTokens) is not { } charged
            || Interlocked.Exchange(ref _reconciled, 1) != 0)
        {
            return;
        }

        try
        {
            await _admission.ReconcileAsync(Math.Max(0, charged), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ReconcileFailed(logger, ex);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _admission?.Dispose();
            _request?.Dispose();
            _token?.Dispose();
        }
    }
}
