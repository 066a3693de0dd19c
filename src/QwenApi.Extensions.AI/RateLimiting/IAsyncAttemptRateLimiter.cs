using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI;

/// <summary>
/// A <see cref="RateLimiter"/> whose immediate attempt needs I/O (its state lives in another process, such as Redis).
/// <see cref="QwenChatClient"/> calls <see cref="AttemptAcquireAsync"/> instead of <see cref="RateLimiter.AttemptAcquire"/>
/// for it, so that no thread blocks on the network in the call path (a synchronous round trip per call starves a small
/// thread pool under load).
/// </summary>
public interface IAsyncAttemptRateLimiter
{
    /// <summary>Tries to acquire <paramref name="permitCount"/> permits at once, without queueing; a refused lease should say when to ask again.</summary>
    /// <param name="permitCount">The permits to acquire.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The lease, acquired or not, as <see cref="RateLimiter.AttemptAcquire"/> returns it.</returns>
    public ValueTask<RateLimitLease> AttemptAcquireAsync(int permitCount, CancellationToken cancellationToken = default);
}
