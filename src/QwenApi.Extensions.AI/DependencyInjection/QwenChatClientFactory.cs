using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>Builds the <see cref="QwenChatClient"/> of a registration from the container, and the options and HTTP client any Qwen registration uses.</summary>
internal static class QwenChatClientFactory
{
    public static IChatClient Create(IServiceProvider services, QwenClientRegistration registration) =>
        new QwenChatClient(Options(services, registration), HttpClient(services, registration));

    /// <summary>The registration's validated options, completed from the container (logger factory, coordinator, clock); a copy the caller owns.</summary>
    public static QwenClientOptions Options(IServiceProvider services, QwenClientRegistration registration)
    {
        // Get validates (OptionsValidationException naming every bad setting) and caches; the copy is ours to complete.
        QwenClientOptions options = services.GetRequiredService<IOptionsMonitor<QwenClientOptions>>().Get(registration.OptionsName).Clone();
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        options.RateLimitCoordinator ??= services.GetService<QwenRateLimitCoordinator>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        return options;
    }

    public static HttpClient HttpClient(IServiceProvider services, QwenClientRegistration registration) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(registration.HttpClientName);
}
