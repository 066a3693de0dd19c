using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QwenApi.Extensions.AI;
using QwenApi.Extensions.AI.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Redis-shared rate limits for the Qwen clients of a container.</summary>
public static class QwenRedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes every Qwen client of the container (<c>AddQwenChatClient</c> and <c>AddQwenEmbeddingGenerator</c>, keyed or
    /// not, and Semantic Kernel's <c>AddQwenChatCompletion</c> / <c>AddQwenChatClient</c> of QwenApi.SemanticKernel) share
    /// its key's request and token limits and the pause a 429 asks for with every process that does the same, through the
    /// Redis at <paramref name="redisConfiguration"/> (a StackExchange.Redis configuration string, for example
    /// <c>redis:6379,password=…</c>). One line beside <c>AddQwenChatClient</c>:
    /// <code>
    /// builder.Services.AddQwenChatClient();
    /// builder.Services.AddQwenRedisRateLimiting("localhost:6379", limits => { limits.RequestsPerMinute = 600; limits.TokensPerMinute = 1_000_000; });
    /// </code>
    /// </summary>
    /// <remarks>
    /// The connection is made when the first client is built, and never fails a call: while Redis is unreachable, calls
    /// go on under local governance (logged once, counted in metrics) and sharing resumes when it is back. A coordinator or
    /// limiter the app set on <see cref="QwenClientOptions"/> itself is kept.
    /// </remarks>
    /// <param name="services">The container.</param>
    /// <param name="redisConfiguration">The StackExchange.Redis configuration string.</param>
    /// <param name="configure">Sets the key's limits; without limits only pauses and the server's budget are shared.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="redisConfiguration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="redisConfiguration"/> is empty.</exception>
    public static IServiceCollection AddQwenRedisRateLimiting(this IServiceCollection services, string redisConfiguration, Action<QwenRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        return Register(services, _ => new QwenRedisConnection(() => QwenRedisConnection.Connect(redisConfiguration), owns: true), configure);
    }

    /// <summary>
    /// As <see cref="AddQwenRedisRateLimiting(IServiceCollection, string, Action{QwenRedisRateLimitOptions}?)"/>, with a
    /// connection the app already has (for example the <see cref="IConnectionMultiplexer"/> it registered); it is not
    /// disposed by this registration.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="connection">Returns the connection to use.</param>
    /// <param name="configure">Sets the key's limits; without limits only pauses and the server's budget are shared.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connection"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddQwenRedisRateLimiting(this IServiceCollection services, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<QwenRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        return Register(services, provider => new QwenRedisConnection(() => connection(provider), owns: false), configure);
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, QwenRedisConnection> connection, Action<QwenRedisRateLimitOptions>? configure)
    {
        services.AddOptions<QwenRedisRateLimitOptions>().Configure(limits => configure?.Invoke(limits)).Validate(Valid);
        services.Replace(ServiceDescriptor.Singleton(connection));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<QwenClientOptions>, QwenRedisPostConfigure>());
        return services;
    }

    private static bool Valid(QwenRedisRateLimitOptions limits)
    {
        limits.Validate(); // throws with the setting's name, which says more than a generic validation failure
        return true;
    }
}
