using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// Completes the options of every Qwen chat client in the container (every name) with the Redis-shared limits and pause,
/// where the app did not set its own coordinator or limiters. Options without a key are left for validation to report.
/// One set of limiters per endpoint and key, made once and reused by every client, name and options reload (so a reload
/// never leaves limiters behind); disposed with the container.
/// </summary>
internal sealed class QwenRedisPostConfigure(IServiceProvider services, QwenRedisConnection connection, IOptions<QwenRedisRateLimitOptions> limits) : IPostConfigureOptions<QwenClientOptions>, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RedisGovernance>> _byScope = new(StringComparer.Ordinal);

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
        RedisGovernance governance = _byScope.GetOrAdd(
            QwenRedisRateLimiting.Scope(options),
            _ => new Lazy<RedisGovernance>(() => QwenRedisRateLimiting.Create(options, connection.Multiplexer, limits.Value, logs))).Value;
        governance.AssignTo(options, replace: false);
    }

    public void Dispose()
    {
        foreach (Lazy<RedisGovernance> governance in _byScope.Values)
        {
            if (governance.IsValueCreated)
            {
                governance.Value.Dispose();
            }
        }
    }
}
