using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Completes the options of a Semantic Kernel registration from the container, as <c>AddQwenChatClient</c> does for its
/// clients: the <see cref="IPostConfigureOptions{TOptions}"/> of <see cref="QwenClientOptions"/> (for example the
/// Redis-shared limits of <c>AddQwenRedisRateLimiting</c>) run on a copy, and the container's
/// <see cref="QwenRateLimitCoordinator"/> and <see cref="ILoggerFactory"/> are used unless the options name their own.
/// The caller's instance is never changed.
/// </summary>
internal static class ContainerOptions
{
    public static QwenClientOptions Complete(QwenClientOptions options, IServiceProvider services, string? serviceId)
    {
        QwenClientOptions copy = options.Clone();
        foreach (IPostConfigureOptions<QwenClientOptions> post in services.GetServices<IPostConfigureOptions<QwenClientOptions>>())
        {
            post.PostConfigure(serviceId ?? Options.DefaultName, copy);
        }

        copy.RateLimitCoordinator ??= services.GetService<QwenRateLimitCoordinator>();
        copy.LoggerFactory ??= services.GetService<ILoggerFactory>();
        return copy;
    }
}
