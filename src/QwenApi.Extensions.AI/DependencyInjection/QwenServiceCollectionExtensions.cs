using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using QwenApi.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a <see cref="QwenChatClient"/> as the <see cref="IChatClient"/> of an application, with its settings bound
/// from configuration, validated at startup, and its <see cref="HttpClient"/> taken from <see cref="System.Net.Http.IHttpClientFactory"/>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddQwenChatClient()          // binds the "Qwen" section: ApiKey, Endpoint, ModelId, MaxRetries, ...
///     .UseFunctionInvocation()
///     .UseOpenTelemetry()
///     .UseLogging();
/// </code>
/// </example>
public static class QwenServiceCollectionExtensions
{
    /// <summary>The configuration section read by default: <c>Qwen</c>.</summary>
    public const string DefaultConfigurationSectionPath = "Qwen";

    /// <summary>
    /// The name of the <see cref="IHttpClientFactory"/> client used by the unkeyed Qwen chat client: <c>Qwen</c>. A keyed
    /// client uses <c>Qwen:{serviceKey}</c>. Add your own handlers with <c>services.AddHttpClient("Qwen").AddHttpMessageHandler(...)</c>
    /// or through the <c>configureHttpClient</c> argument.
    /// </summary>
    public const string HttpClientName = "Qwen";

    /// <summary>
    /// Registers a singleton (by default) <see cref="IChatClient"/> backed by <see cref="QwenChatClient"/> and returns its
    /// <see cref="ChatClientBuilder"/> so that middleware can be chained.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Applied last, after configuration and the environment variables; may be <see langword="null"/>.</param>
    /// <param name="configurationSectionPath">
    /// The configuration section bound to <see cref="QwenClientOptions"/> (keys <c>ApiKey</c>, <c>Endpoint</c>, <c>ModelId</c>,
    /// <c>AllowInsecureHttp</c>, <c>MaxRetries</c>, <c>RetryBaseDelay</c>, <c>RetryMaxDelay</c>, <c>MaxRetryAfter</c>,
    /// <c>OverallTimeout</c>, <c>ResponseHeadersTimeout</c>, <c>StreamIdleTimeout</c>, <c>UserAgentSuffix</c>; durations as
    /// <c>hh:mm:ss</c> or <c>Infinite</c>). Defaults to <see cref="DefaultConfigurationSectionPath"/>; <see langword="null"/> binds nothing.
    /// When the key or endpoint is still unset, the <c>QWEN_API_KEY</c> and <c>QWEN_ENDPOINT</c> variables are used
    /// (read from <see cref="Configuration.IConfiguration"/> first, then from the process environment).
    /// </param>
    /// <param name="configureHttpClient">Configures the named <see cref="HttpClient"/> (<see cref="HttpClientName"/>), for example to add handlers.</param>
    /// <param name="lifetime">The lifetime of the client. Defaults to <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The builder of the registered client's pipeline.</returns>
    /// <remarks>
    /// The options are validated when the host starts (and at the latest when the client is first resolved); an invalid
    /// setting throws <see cref="OptionsValidationException"/> whose message names each bad setting and never contains the key.
    /// The <see cref="Logging.ILoggerFactory"/> and a registered <see cref="TimeProvider"/> are taken from the container unless set.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddQwenChatClient(
        this IServiceCollection services,
        Action<QwenClientOptions>? configure = null,
        string? configurationSectionPath = DefaultConfigurationSectionPath,
        Action<IHttpClientBuilder>? configureHttpClient = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        string[] sections = configurationSectionPath is null ? [] : [configurationSectionPath];
        var registration = new QwenClientRegistration(Options.Options.DefaultName, HttpClientName, sections);
        Register(services, registration, configure, configureHttpClient);
        return services.AddChatClient(sp => QwenChatClientFactory.Create(sp, registration), lifetime);
    }

    /// <summary>
    /// Registers a keyed <see cref="IChatClient"/> backed by <see cref="QwenChatClient"/>, so that several Qwen clients (models,
    /// keys or endpoints) can live in one container, and returns its <see cref="ChatClientBuilder"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; its <see cref="object.ToString"/> names the options and the HTTP client.</param>
    /// <param name="configure">Applied last, after configuration and the environment variables; may be <see langword="null"/>.</param>
    /// <param name="configurationSectionPath">
    /// The section bound to the options. When <see langword="null"/> (the default) the <c>Qwen</c> section is bound first
    /// (shared settings such as the key) and then <c>Qwen:{serviceKey}</c> on top of it (for example its <c>ModelId</c>).
    /// </param>
    /// <param name="configureHttpClient">Configures the named <see cref="HttpClient"/> <c>Qwen:{serviceKey}</c>.</param>
    /// <param name="lifetime">The lifetime of the client. Defaults to <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The builder of the registered client's pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> has an empty string form.</exception>
    public static ChatClientBuilder AddKeyedQwenChatClient(
        this IServiceCollection services,
        object serviceKey,
        Action<QwenClientOptions>? configure = null,
        string? configurationSectionPath = null,
        Action<IHttpClientBuilder>? configureHttpClient = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        (string name, string[] sections) = KeyedSections(serviceKey, configurationSectionPath);
        var registration = new QwenClientRegistration(name, HttpClientName + ":" + name, sections);
        Register(services, registration, configure, configureHttpClient);
        return services.AddKeyedChatClient(serviceKey, sp => QwenChatClientFactory.Create(sp, registration), lifetime);
    }

    /// <summary>
    /// The name a keyed registration uses for its options and HTTP client (the key's string form, which must not be empty)
    /// and the sections bound to it: <c>Qwen</c> then <c>Qwen:{key}</c>, or the one the caller named.
    /// </summary>
    internal static (string Name, string[] Sections) KeyedSections(object serviceKey, string? configurationSectionPath)
    {
        _ = Throw.IfNull(serviceKey);
        string name = serviceKey.ToString() ?? string.Empty;
        if (name.Length == 0)
        {
            Throw.ArgumentException(nameof(serviceKey), "The service key must have a non-empty string form: it names the options and the HTTP client.");
        }

        return (name, configurationSectionPath is null
            ? [DefaultConfigurationSectionPath, DefaultConfigurationSectionPath + ":" + name]
            : [configurationSectionPath]);
    }

    /// <summary>Registers the options (bound, validated on start) and the named HTTP client of one registration.</summary>
    internal static void Register(IServiceCollection services, QwenClientRegistration registration, Action<QwenClientOptions>? configure, Action<IHttpClientBuilder>? configureHttpClient)
    {
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<QwenClientOptions>>(sp => new QwenClientOptionsSetup(registration, sp.GetService<Configuration.IConfiguration>()));
        if (configure is not null)
        {
            services.Configure(registration.OptionsName, configure);
        }

        services.AddSingleton<IValidateOptions<QwenClientOptions>>(new QwenClientOptionsValidation(registration));
        services.AddOptions<QwenClientOptions>(registration.OptionsName).ValidateOnStart();

        IHttpClientBuilder http = services.AddHttpClient(registration.HttpClientName)
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(QwenHttpHandler.Create);
        configureHttpClient?.Invoke(http);

        // Post-configuration runs after every Configure, ConfigureHttpClientDefaults included: this action sees every
        // handler the app added to this client, wherever it was added.
        var remover = new ForeignResilienceRemover(registration.HttpClientName);
        services.PostConfigure<HttpClientFactoryOptions>(registration.HttpClientName, options => options.HttpMessageHandlerBuilderActions.Add(remover.Apply));
    }
}
