using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>Builds the <see cref="QwenChatClient"/> of a registration from the container.</summary>
internal static class QwenChatClientFactory
{
    public static IChatClient Create(IServiceProvider services, QwenClientRegistration registration)
    {
        // Get validates (OptionsValidationException naming every bad setting) and caches; the copy is ours to complete.
        QwenClientOptions options = services.GetRequiredService<IOptionsMonitor<QwenClientOptions>>().Get(registration.OptionsName).Clone();
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        options.RateLimitCoordinator ??= services.GetService<QwenRateLimitCoordinator>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        HttpClient http = services.GetRequiredService<IHttpClientFactory>().CreateClient(registration.HttpClientName);
        return new QwenChatClient(options, http);
    }
}
