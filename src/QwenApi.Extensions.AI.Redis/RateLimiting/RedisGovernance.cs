using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>The shared coordinator and limiters of one endpoint and key; disposing it disposes the limiters (and their local fallbacks' timers).</summary>
internal sealed record RedisGovernance(QwenRateLimitCoordinator Coordinator, RateLimiter? RequestLimiter, RateLimiter? TokenLimiter) : IDisposable
{
    /// <summary>Sets them on <paramref name="options"/>: all, or only where nothing is set yet when <paramref name="replace"/> is false.</summary>
    public void AssignTo(QwenClientOptions options, bool replace)
    {
        if (replace || options.RateLimitCoordinator is null)
        {
            options.RateLimitCoordinator = Coordinator;
        }

        if (RequestLimiter is not null && (replace || options.RequestRateLimiter is null))
        {
            options.RequestRateLimiter = RequestLimiter;
        }

        if (TokenLimiter is not null && (replace || options.TokenRateLimiter is null))
        {
            options.TokenRateLimiter = TokenLimiter;
        }
    }

    public void Dispose()
    {
        RequestLimiter?.Dispose();
        TokenLimiter?.Dispose();
    }
}
