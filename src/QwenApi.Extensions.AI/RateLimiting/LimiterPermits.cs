using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI;

/// <summary>Acquires the permits of one attempt from <see cref="QwenClientOptions.RequestRateLimiter"/> or <see cref="QwenClientOptions.TokenRateLimiter"/>.</summary>
internal static class LimiterPermits
{
    /// <summary>
    /// Acquires <paramref name="permits"/> from <paramref name="limiter"/>: at once when available, else in the limiter's
    /// queue (<paramref name="isRequest"/> names which limiter: one instance may serve as both), unless the limiter says the wait would outlast the overall deadline (then at once, typed). The lease is
    /// returned to the caller, who owns it (<see cref="AttemptPermits"/>); <see langword="null"/> without a limiter.
    /// </summary>
    public static async ValueTask<RateLimitLease?> AcquireAsync(QwenClientOptions options, Uri uri, RateLimiter? limiter, bool isRequest, int permits, CallScope call)
    {
        if (limiter is null)
        {
            return null;
        }

        string name = isRequest ? "request" : "token";
        string option = isRequest ? nameof(QwenClientOptions.RequestRateLimiter) : nameof(QwenClientOptions.TokenRateLimiter);
        RateLimitLease lease;
        try
        {
            lease = limiter.AttemptAcquire(permits);
            if (!lease.IsAcquired)
            {
                long started = options.TimeProvider.GetTimestamp();
                TimeSpan? wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : null;
                lease.Dispose();
                if (wait is { } w && w >= call.Remaining)
                {
                    QwenMetrics.Permits(uri, name, permits, granted: false);
                    throw Refused(option, permits, $"the limiter asks to wait {w.TotalSeconds:0.###} s, longer than the time left before QwenClientOptions.OverallTimeout", w);
                }

                lease = await limiter.AcquireAsync(permits, call.Token).ConfigureAwait(false);
                QwenMetrics.Waited(uri, name + "_limiter", options.TimeProvider.GetElapsedTime(started));
            }
        }
        catch (ArgumentOutOfRangeException ex)
        {
            QwenMetrics.Permits(uri, name, permits, granted: false);
            throw Refused(option, permits, $"that is more than the limiter can ever grant at once ({ex.Message})", null);
        }

        if (!lease.IsAcquired)
        {
            string reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? phrase) && phrase is not null ? phrase : "its queue is full";
            TimeSpan? wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : null;
            lease.Dispose();
            QwenMetrics.Permits(uri, name, permits, granted: false);
            throw Refused(option, permits, reason, wait);
        }

        QwenMetrics.Permits(uri, name, permits, granted: true);
        return lease;
    }

    private static QwenRateLimitException Refused(string option, int permits, string reason, TimeSpan? retryAfter) => new(
        new QwenErrorInfo
        {
            Message = $"Client-side rate limit: QwenClientOptions.{option} did not grant {permits} permit(s): {reason}. Nothing was sent.",
            RetryAfter = retryAfter,
        },
        QwenRateLimitSource.Limiter);
}
