using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI;

/// <content>Client-side limits: the request and token limiters of <see cref="QwenClientOptions"/>.</content>
internal sealed partial class QwenTransport
{
    /// <summary>Gets a value indicating whether calls need a token estimate (a <see cref="QwenClientOptions.TokenRateLimiter"/> is set).</summary>
    public bool LimitsTokens => _options.TokenRateLimiter is not null;

    /// <summary>Whether any attempt must wait for something first (a shared pause or a limiter).</summary>
    private bool IsGoverned => _options.RateLimitCoordinator is not null || _options.RequestRateLimiter is not null || _options.TokenRateLimiter is not null;

    /// <summary>
    /// Acquires <paramref name="permits"/> from <paramref name="limiter"/> for this call: at once when available, else in
    /// the limiter's queue, unless the limiter says the wait would outlast the overall deadline (then at once, typed).
    /// The lease is held by the call until it ends.
    /// </summary>
    private async ValueTask AcquireAsync(RateLimiter? limiter, int permits, string option, CallScope call)
    {
        if (limiter is null)
        {
            return;
        }

        string name = limiter == _options.RequestRateLimiter ? "request" : "token";
        RateLimitLease lease;
        try
        {
            lease = limiter is IAsyncAttemptRateLimiter remote
                ? await remote.AttemptAcquireAsync(permits, call.Token).ConfigureAwait(false)
                : limiter.AttemptAcquire(permits);
            if (!lease.IsAcquired)
            {
                long started = _options.TimeProvider.GetTimestamp();
                TimeSpan? wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : null;
                lease.Dispose();
                if (wait is { } w && w >= call.Remaining)
                {
                    QwenMetrics.Permits(_chatCompletionsUri, name, permits, granted: false);
                    throw ClientLimited(option, permits, $"the limiter asks to wait {w.TotalSeconds:0.###} s, longer than the time left before QwenClientOptions.OverallTimeout", w);
                }

                lease = await limiter.AcquireAsync(permits, call.Token).ConfigureAwait(false);
                QwenMetrics.Waited(_chatCompletionsUri, name + "_limiter", _options.TimeProvider.GetElapsedTime(started));
            }
        }
        catch (ArgumentOutOfRangeException ex)
        {
            QwenMetrics.Permits(_chatCompletionsUri, name, permits, granted: false);
            throw ClientLimited(option, permits, $"that is more than the limiter can ever grant at once ({ex.Message})", null);
        }

        if (!lease.IsAcquired)
        {
            string reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? phrase) && phrase is not null ? phrase : "its queue is full";
            TimeSpan? wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : null;
            lease.Dispose();
            QwenMetrics.Permits(_chatCompletionsUri, name, permits, granted: false);
            throw ClientLimited(option, permits, reason, wait);
        }

        QwenMetrics.Permits(_chatCompletionsUri, name, permits, granted: true);
        call.Hold(lease);
        if (limiter == _options.TokenRateLimiter)
        {
            call.TokenLease = lease as IReconcilableRateLimitLease;
        }
    }

    /// <summary>
    /// Corrects the current attempt's token lease to what the server reported (or to zero after a 429: nothing was
    /// charged), once. Never fails the call: the correction is best effort, and a failure leaves the estimate.
    /// </summary>
    private async ValueTask ReconcileAsync(CallScope call, long usedTokens)
    {
        if (call.TokenLease is not { } lease)
        {
            return;
        }

        call.TokenLease = null;
        try
        {
            await lease.ReconcileAsync(Math.Max(0, usedTokens), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ReconcileFailed(_logger, ex);
        }
    }

    private static QwenRateLimitException ClientLimited(string option, int permits, string reason, TimeSpan? retryAfter) => new(new QwenErrorInfo
    {
        Message = $"Client-side rate limit: QwenClientOptions.{option} did not grant {permits} permit(s): {reason}. Nothing was sent.",
        RetryAfter = retryAfter,
    });
}
