using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// Completes the options of every Qwen chat client in the container (every name) with the Redis-shared limits and pause,
/// where the app did not set its own coordinator or limiters. Options without a key are left for validation to report.
/// </summary>
internal sealed class QwenRedisPostConfigure(IServiceProvider services, QwenRedisConnection connection, IOptions<QwenRedisRateLimitOptions> limits) : IPostConfigureOptions<QwenClientOptions>
{
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

        QwenRedisRateLimiting.Apply(options, connection.Multiplexer, limits.Value, options.LoggerFactory ?? services.GetService<ILoggerFactory>(), replace: false);
    }
}
