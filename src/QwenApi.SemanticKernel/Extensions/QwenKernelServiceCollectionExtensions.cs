using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Extensions.AI;
using QwenApi.SemanticKernel;

namespace Microsoft.SemanticKernel;

/// <summary>
/// Registers Qwen as a Semantic Kernel <see cref="IChatCompletionService"/> in a service collection. Only
/// <see cref="IChatCompletionService"/> is registered (no <see cref="IChatClient"/>: use <c>AddQwenChatClient</c> for that).
/// With a <c>serviceId</c> it is registered as a keyed service under that key, so several Qwen models can live in one
/// kernel and be chosen with <see cref="PromptExecutionSettings.ServiceId"/>.
/// </summary>
public static class QwenKernelServiceCollectionExtensions
{
    /// <summary>Adds a Qwen chat-completion service for a model and key.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>The <see cref="ILoggerFactory"/> is taken from the container. Invalid values throw when the service is first resolved.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IServiceCollection AddQwenChatCompletion(
        this IServiceCollection services, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var options = new QwenClientOptions { ModelId = modelId, ApiKey = apiKey, Endpoint = endpoint ?? QwenClientOptions.DefaultEndpoint };
        return services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, _) =>
            new QwenChatCompletionService(options, httpClient, sp.GetService<ILoggerFactory>()));
    }

    /// <summary>Adds a Qwen chat-completion service from client options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client settings (copied when the service is created).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddQwenChatCompletion(
        this IServiceCollection services, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, _) =>
            new QwenChatCompletionService(options, httpClient, sp.GetService<ILoggerFactory>()));
    }

    /// <summary>
    /// Adds a Qwen chat-completion service over an existing chat client, or, when <paramref name="chatClient"/> is
    /// <see langword="null"/>, over the <see cref="IChatClient"/> registered in the container under <paramref name="serviceId"/>
    /// (for example by <c>AddQwenChatClient</c> / <c>AddKeyedQwenChatClient</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="chatClient">The client (normally a <see cref="QwenChatClient"/>, not invoking functions itself); not disposed.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddQwenChatCompletion(this IServiceCollection services, IChatClient? chatClient = null, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, key) =>
            new QwenChatCompletionService(
                chatClient ?? sp.GetRequiredKeyedService<IChatClient>(key),
                sp.GetService<ILoggerFactory>(),
                sp));
    }
}
