using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a <see cref="QwenEmbeddingGenerator"/> as the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of an
/// application, configured like <c>AddQwenChatClient</c>: the <c>Qwen</c> section (the same key, endpoint and limits as
/// the chat client; <c>EmbeddingModelId</c>, <c>EmbeddingDimensions</c>, <c>MaxConcurrentEmbeddingRequests</c> for
/// embeddings), then <c>QWEN_API_KEY</c> and <c>QWEN_ENDPOINT</c>, validated at startup.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddQwenEmbeddingGenerator()   // binds the "Qwen" section
///     .UseDistributedCache()
///     .UseOpenTelemetry();
/// </code>
/// </example>
public static class QwenEmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="IHttpClientFactory"/> client of the unkeyed generator: <c>Qwen:embeddings</c>; a keyed one
    /// uses <c>Qwen:embeddings:{serviceKey}</c>. (Its own name, so its options and handlers never mix with the chat client's.)
    /// </summary>
    public const string HttpClientName = QwenServiceCollectionExtensions.HttpClientName + ":" + OptionsName;

    private const string OptionsName = "embeddings";

    /// <summary>
    /// Registers a singleton (by default) <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings to
    /// <see cref="Embedding{T}"/> of <see cref="float"/> backed by <see cref="QwenEmbeddingGenerator"/>, and returns its
    /// <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> so that middleware can be chained.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Applied last, after configuration and the environment variables; may be <see langword="null"/>.</param>
    /// <param name="configurationSectionPath">The section bound to <see cref="QwenClientOptions"/> (the keys <c>AddQwenChatClient</c> reads, and the embedding ones). Defaults to <c>Qwen</c>; <see langword="null"/> binds nothing.</param>
    /// <param name="configureHttpClient">Configures the named <see cref="HttpClient"/> (<see cref="HttpClientName"/>).</param>
    /// <param name="lifetime">The lifetime of the generator. Defaults to <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The builder of the registered generator's pipeline.</returns>
    /// <remarks>Invalid settings throw <see cref="Options.OptionsValidationException"/> when the host starts; the logger factory, a registered <see cref="QwenRateLimitCoordinator"/> and <see cref="TimeProvider"/> are taken from the container unless set.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddQwenEmbeddingGenerator(
        this IServiceCollection services,
        Action<QwenClientOptions>? configure = null,
        string? configurationSectionPath = QwenServiceCollectionExtensions.DefaultConfigurationSectionPath,
        Action<IHttpClientBuilder>? configureHttpClient = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        string[] sections = configurationSectionPath is null ? [] : [configurationSectionPath];
        var registration = new QwenClientRegistration(OptionsName, HttpClientName, sections, "Qwen embedding generator", string.Empty);
        QwenServiceCollectionExtensions.Register(services, registration, configure, configureHttpClient);
        return services.AddEmbeddingGenerator(sp => Create(sp, registration), lifetime);
    }

    /// <summary>Registers a keyed <see cref="QwenEmbeddingGenerator"/>, so that several (models, keys, endpoints) live in one container.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; its <see cref="object.ToString"/> names the options and the HTTP client.</param>
    /// <param name="configure">Applied last, after configuration and the environment variables; may be <see langword="null"/>.</param>
    /// <param name="configurationSectionPath">The section bound to the options. When <see langword="null"/> (the default) <c>Qwen</c> is bound first and <c>Qwen:{serviceKey}</c> on top of it.</param>
    /// <param name="configureHttpClient">Configures the named <see cref="HttpClient"/> <c>Qwen:embeddings:{serviceKey}</c>.</param>
    /// <param name="lifetime">The lifetime of the generator. Defaults to <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The builder of the registered generator's pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> has an empty string form.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedQwenEmbeddingGenerator(
        this IServiceCollection services,
        object serviceKey,
        Action<QwenClientOptions>? configure = null,
        string? configurationSectionPath = null,
        Action<IHttpClientBuilder>? configureHttpClient = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        (string name, string[] sections) = QwenServiceCollectionExtensions.KeyedSections(serviceKey, configurationSectionPath);
        var registration = new QwenClientRegistration(OptionsName + ":" + name, HttpClientName + ":" + name, sections, "Qwen embedding generator", name);
        QwenServiceCollectionExtensions.Register(services, registration, configure, configureHttpClient);
        return services.AddKeyedEmbeddingGenerator(serviceKey, sp => Create(sp, registration), lifetime);
    }

    private static QwenEmbeddingGenerator Create(IServiceProvider services, QwenClientRegistration registration) =>
        new(QwenChatClientFactory.Options(services, registration), QwenChatClientFactory.HttpClient(services, registration));
}
