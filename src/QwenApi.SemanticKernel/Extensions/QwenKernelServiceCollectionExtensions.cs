using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Extensions.AI;
using QwenApi.SemanticKernel;

namespace Microsoft.SemanticKernel;

/// <summary>
/// Registers Qwen for Semantic Kernel in a service collection, in either of Semantic Kernel's two styles:
/// <c>AddQwenChatCompletion</c> registers an <see cref="IChatCompletionService"/> (<see cref="QwenChatCompletionService"/>,
/// which keeps reasoning, finish reason and usage), <c>AddQwenChatClient</c> an <see cref="IChatClient"/> that invokes
/// kernel functions, as Semantic Kernel's <c>AddOpenAIChatClient</c> does. With a <c>serviceId</c> each is registered as a
/// keyed service under that key, so several Qwen models can live in one kernel and be chosen with
/// <see cref="PromptExecutionSettings.ServiceId"/>. <c>AddQwenEmbeddingGenerator</c> registers the
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> Semantic Kernel consumes directly (vector stores, text search,
/// <c>kernel.GetRequiredService&lt;IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;&gt;()</c>), keyed the same way.
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
    /// <remarks>
    /// The <see cref="ILoggerFactory"/> is taken from the container, and so are the <see cref="QwenClientOptions"/>
    /// post-configurations (such as <c>AddQwenRedisRateLimiting</c>) and a registered <see cref="QwenRateLimitCoordinator"/>.
    /// Invalid values throw when the service is first resolved.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IServiceCollection AddQwenChatCompletion(
        this IServiceCollection services, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddQwenChatCompletion(ModelAndKey(modelId, apiKey, endpoint, embedding: false), serviceId, httpClient);
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
        return AddKeyed<IChatCompletionService>(services, options, serviceId, (sp, complete) =>
            new QwenChatCompletionService(complete, httpClient, sp.GetService<ILoggerFactory>()));
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

    /// <summary>
    /// Adds a Qwen <see cref="IChatClient"/> for a model and key, as Semantic Kernel's <c>AddOpenAIChatClient</c> does: a
    /// <see cref="QwenChatClient"/> under Semantic Kernel's kernel-function-invoking layer, so prompts and agents with
    /// <see cref="FunctionChoiceBehavior"/> invoke kernel functions (with their filters).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>
    /// <para>
    /// This is Semantic Kernel's registration, for kernels. For an application's own <see cref="IChatClient"/> (options from
    /// configuration, <c>IHttpClientFactory</c>, your middleware) use <c>AddQwenChatClient(configure)</c> from
    /// <c>Microsoft.Extensions.DependencyInjection</c>; the two never bind to the same call, because that one takes no
    /// model or key. The <see cref="ILoggerFactory"/> is taken from the container; invalid values throw when the client is first resolved.
    /// </para>
    /// <para>
    /// The client already invokes functions, so do not put <see cref="QwenChatCompletionService"/> over it
    /// (<c>AddQwenChatCompletion(serviceId: …)</c> without a client would resolve it, and refuses it).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IServiceCollection AddQwenChatClient(
        this IServiceCollection services, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddQwenChatClient(ModelAndKey(modelId, apiKey, endpoint, embedding: false), serviceId, httpClient);
    }

    /// <summary>Adds a Qwen <see cref="IChatClient"/> from client options, as Semantic Kernel's <c>AddOpenAIChatClient</c> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client settings (copied when the client is created).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>See the overload taking a model and key.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddQwenChatClient(
        this IServiceCollection services, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null)
    {
        return AddKeyed<IChatClient>(services, options, serviceId, (sp, complete) =>
            (httpClient is null ? new QwenChatClient(complete) : new QwenChatClient(complete, httpClient))
                .AsBuilder()
                .UseKernelFunctionInvocation(sp.GetService<ILoggerFactory>())
                .Build(sp));
    }

    /// <summary>
    /// Adds a Qwen <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings to <see cref="Embedding{T}"/> of
    /// <see cref="float"/> (a <see cref="QwenEmbeddingGenerator"/>) for an embedding model and key, as Semantic Kernel's
    /// <c>AddOpenAIEmbeddingGenerator</c> does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The embedding model, for example <see cref="QwenClientOptions.DefaultEmbeddingModelId"/> (<c>text-embedding-v4</c>).</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the generator's own.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>
    /// This is Semantic Kernel's registration, for kernels. For an application's own generator (options from configuration,
    /// <c>IHttpClientFactory</c>, middleware) use <c>AddQwenEmbeddingGenerator(configure)</c> from
    /// <c>Microsoft.Extensions.DependencyInjection</c>, which takes no model or key. The <see cref="ILoggerFactory"/>, the
    /// <see cref="QwenClientOptions"/> post-configurations and a registered <see cref="QwenRateLimitCoordinator"/> are
    /// taken from the container; invalid values throw when the generator is first resolved.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IServiceCollection AddQwenEmbeddingGenerator(
        this IServiceCollection services, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddQwenEmbeddingGenerator(ModelAndKey(modelId, apiKey, endpoint, embedding: true), serviceId, httpClient);
    }

    /// <summary>Adds a Qwen <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> from client options, as Semantic Kernel's <c>AddOpenAIEmbeddingGenerator</c> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client settings (copied when the generator is created); the embedding ones are <see cref="QwenClientOptions.EmbeddingModelId"/>, <see cref="QwenClientOptions.EmbeddingDimensions"/> and <see cref="QwenClientOptions.MaxConcurrentEmbeddingRequests"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the generator's own.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>See the overload taking a model and key.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddQwenEmbeddingGenerator(
        this IServiceCollection services, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null)
    {
        return AddKeyed<IEmbeddingGenerator<string, Embedding<float>>>(services, options, serviceId, (_, complete) =>
            httpClient is null ? new QwenEmbeddingGenerator(complete) : new QwenEmbeddingGenerator(complete, httpClient));
    }

    // The model-and-key overloads of all three services: the same checks, and options that differ only in which model is set.
    private static QwenClientOptions ModelAndKey(string modelId, string apiKey, Uri? endpoint, bool embedding)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var options = new QwenClientOptions { ApiKey = apiKey, Endpoint = endpoint ?? QwenClientOptions.DefaultEndpoint };
        if (embedding)
        {
            options.EmbeddingModelId = modelId;
        }
        else
        {
            options.ModelId = modelId;
        }

        return options;
    }

    // The options overloads of all three services: a singleton under serviceId (unkeyed when null), built from a copy of
    // the options completed from the container when it is first resolved.
    private static IServiceCollection AddKeyed<TService>(
        IServiceCollection services, QwenClientOptions options, string? serviceId, Func<IServiceProvider, QwenClientOptions, TService> create)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return services.AddKeyedSingleton(serviceId, (sp, _) => create(sp, ContainerOptions.Complete(options, sp, serviceId)));
    }
}
