using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// Completes the options of every Qwen client in the container (every name) with the Redis-shared coordinator,
/// where the app did not set its own. Options without a key are left for validation to report. One coordinator per
/// endpoint and key, made once and reused by every client, name and options reload (one outage state and one local
/// share per key).
/// </summary>
internal sealed class QwenRedisPostConfigure(IServiceProvider services, QwenRedisConnection connection, IOptions<QwenRedisRateLimitOptions> limits) : IPostConfigureOptions<QwenClientOptions>
{
    private readonly ConcurrentDictionary<string, Lazy<RedisRateLimitCoordinator>> _byScope = new(StringComparer.Ordinal);

    public void PostConfigure(string? name, QwenClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) || options.Endpoint is null)
        {
            return;
        }

        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time; // the clock the client itself will use (QwenChatClientFactory does the same)
        }

        ILoggerFactory? logs = options.LoggerFactory ?? services.GetService<ILoggerFactory>();
        if (options.RateLimitCoordinator is null)
        {
            options.RateLimitCoordinator = _byScope.GetOrAdd(
                QwenRedisRateLimiting.Scope(options),
                _ => new Lazy<RedisRateLimitCoordinator>(() => QwenRedisRateLimiting.Create(options, connection.Multiplexer, limits.Value, logs))).Value;
        }
    }
}
