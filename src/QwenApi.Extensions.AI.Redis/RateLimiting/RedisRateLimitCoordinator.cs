using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// A <see cref="QwenRateLimitCoordinator"/> whose pauses live in Redis (<see cref="RedisScripts.Pause"/>), so a 429 one
/// process receives pauses every process using the key. Every pause is also kept in memory, so this process honours its
/// own pauses while Redis is unreachable; a lookup returns the later of the two.
/// </summary>
internal sealed class RedisRateLimitCoordinator(RedisBackend backend, string keyPrefix) : QwenRateLimitCoordinator
{
    public override async ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await base.PauseAsync(scope, until, cancellationToken).ConfigureAwait(false);
        TimeSpan left = until - backend.Time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        if (!backend.Available)
        {
            RedisBackend.Fallback("pause");
            return;
        }

        try
        {
            long expiresMs = (long)Math.Min(left.TotalMilliseconds + 1_000, TimeSpan.FromDays(1).TotalMilliseconds);
            _ = await backend.Database.ScriptEvaluateAsync(RedisScripts.Pause, [Key(scope)], [until.ToUnixTimeMilliseconds(), expiresMs]).WaitAsync(cancellationToken).ConfigureAwait(false);
            backend.Succeeded();
        }
        catch (Exception ex) when (RedisBackend.IsOutage(ex))
        {
            backend.Failed(ex, "pause");
        }
    }

    private RedisKey Key(string scope) => keyPrefix + "{" + scope + "}:pause";
}
