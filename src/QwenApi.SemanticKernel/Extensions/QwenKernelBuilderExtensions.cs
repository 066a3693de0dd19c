using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QwenApi.Extensions.AI;

namespace Microsoft.SemanticKernel;

/// <summary>
/// Adds Qwen to a kernel: <c>Kernel.CreateBuilder().AddQwenChatCompletion(QwenModels.QwenPlus, apiKey).Build()</c>, or
/// <c>.AddQwenChatClient(QwenModels.QwenPlus, apiKey)</c> in the style of Semantic Kernel's <c>AddOpenAIChatClient</c>, and
/// <c>.AddQwenEmbeddingGenerator("text-embedding-v4", apiKey)</c> as its <c>AddOpenAIEmbeddingGenerator</c>.
/// See <see cref="QwenKernelServiceCollectionExtensions"/> for what is registered.
/// </summary>
public static class QwenKernelBuilderExtensions
{
    /// <summary>Adds a Qwen chat-completion service for a model and key.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IKernelBuilder AddQwenChatCompletion(
        this IKernelBuilder builder, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenChatCompletion(modelId, apiKey, endpoint, serviceId, httpClient));

    /// <summary>Adds a Qwen chat-completion service from client options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The client settings (copied when the service is created).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddQwenChatCompletion(this IKernelBuilder builder, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenChatCompletion(options, serviceId, httpClient));

    /// <summary>
    /// Adds a Qwen chat-completion service over an existing chat client, or over the <see cref="IChatClient"/> registered
    /// under <paramref name="serviceId"/> when <paramref name="chatClient"/> is <see langword="null"/>.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="chatClient">The client (normally a <see cref="QwenChatClient"/>, not invoking functions itself); not disposed.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddQwenChatCompletion(this IKernelBuilder builder, IChatClient? chatClient = null, string? serviceId = null) =>
        Add(builder, services => services.AddQwenChatCompletion(chatClient, serviceId));

    /// <summary>Adds a Qwen <see cref="IChatClient"/> for a model and key, as Semantic Kernel's <c>AddOpenAIChatClient</c> does.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>See <see cref="QwenKernelServiceCollectionExtensions.AddQwenChatClient(Extensions.DependencyInjection.IServiceCollection, string, string, Uri?, string?, HttpClient?)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IKernelBuilder AddQwenChatClient(
        this IKernelBuilder builder, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenChatClient(modelId, apiKey, endpoint, serviceId, httpClient));

    /// <summary>Adds a Qwen <see cref="IChatClient"/> from client options, as Semantic Kernel's <c>AddOpenAIChatClient</c> does.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The client settings (copied when the client is created).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddQwenChatClient(this IKernelBuilder builder, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenChatClient(options, serviceId, httpClient));

    /// <summary>Adds a Qwen <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for an embedding model and key, as Semantic Kernel's <c>AddOpenAIEmbeddingGenerator</c> does.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The embedding model, for example <see cref="QwenClientOptions.DefaultEmbeddingModelId"/> (<c>text-embedding-v4</c>).</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the generator's own.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>See <see cref="QwenKernelServiceCollectionExtensions.AddQwenEmbeddingGenerator(Extensions.DependencyInjection.IServiceCollection, string, string, Uri?, string?, HttpClient?)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> or <paramref name="apiKey"/> is empty.</exception>
    public static IKernelBuilder AddQwenEmbeddingGenerator(
        this IKernelBuilder builder, string modelId, string apiKey, Uri? endpoint = null, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenEmbeddingGenerator(modelId, apiKey, endpoint, serviceId, httpClient));

    /// <summary>Adds a Qwen <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> from client options, as Semantic Kernel's <c>AddOpenAIEmbeddingGenerator</c> does.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The client settings (copied when the generator is created).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for an unkeyed registration.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the generator's own.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddQwenEmbeddingGenerator(this IKernelBuilder builder, QwenClientOptions options, string? serviceId = null, HttpClient? httpClient = null) =>
        Add(builder, services => services.AddQwenEmbeddingGenerator(options, serviceId, httpClient));

    // Every overload registers on the builder's services and returns the builder, so that calls chain.
    private static IKernelBuilder Add(IKernelBuilder builder, Action<IServiceCollection> register)
    {
        ArgumentNullException.ThrowIfNull(builder);
        register(builder.Services);
        return builder;
    }
}
