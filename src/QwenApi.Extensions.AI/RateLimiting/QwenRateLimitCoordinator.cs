using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Shares "the server said wait" between clients. When a call receives a 429 with <c>Retry-After</c>, every new attempt of
/// every <see cref="QwenChatClient"/> that uses this coordinator for the same endpoint and key waits until the instant
/// the server named (plus a small per-caller jitter, so waiting callers do not return as a herd), instead of each
/// discovering the limit with its own 429. Streams already running are not touched, and a pause never applies to
/// another endpoint or key.
/// </summary>
/// <remarks>
/// Share one instance between the clients of a process through <see cref="QwenClientOptions.RateLimitCoordinator"/>.
/// This implementation keeps the pauses in memory; override <see cref="GetPausedUntilAsync"/> and <see cref="PauseAsync"/>
/// to share them between processes. Scopes are opaque strings built from the endpoint and a hash of the key: the key
/// itself is never stored.
/// </remarks>
public class QwenRateLimitCoordinator
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pauses = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets the scope the clients of <paramref name="endpoint"/> and <paramref name="apiKey"/> share: the chat-completions
    /// address and the first 16 bytes of the key's SHA-256 in hex (never the key). Shared limiters key their state on it too.
    /// </summary>
    /// <param name="endpoint">The API's base address (<see cref="QwenClientOptions.Endpoint"/>).</param>
    /// <param name="apiKey">The key (<see cref="QwenClientOptions.ApiKey"/>).</param>
    /// <returns>The scope, for example <c>https://api.qwenapi.io/v1/chat/completions|3F2A…</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> or <paramref name="apiKey"/> is <see langword="null"/>.</exception>
    public static string GetScope(Uri endpoint, string apiKey)
    {
        _ = Throw.IfNull(endpoint);
        _ = Throw.IfNull(apiKey);
        return ChatCompletionsUri(endpoint).AbsoluteUri + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0, 16);
    }

    /// <summary>The address calls are sent to: the endpoint plus <c>/chat/completions</c>.</summary>
    internal static Uri ChatCompletionsUri(Uri endpoint) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions", UriKind.Absolute);

    /// <summary>Gets the instant until which new attempts in <paramref name="scope"/> must wait, or <see langword="null"/> for none.</summary>
    /// <param name="scope">The endpoint and key the attempt is for.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The end of the pause, possibly in the past.</returns>
    public virtual ValueTask<DateTimeOffset?> GetPausedUntilAsync(string scope, CancellationToken cancellationToken = default) =>
        new(_pauses.TryGetValue(scope, out DateTimeOffset until) ? until : null);

    /// <summary>Records that the server asked <paramref name="scope"/> to wait until <paramref name="until"/>; of two pauses the later one stays.</summary>
    /// <param name="scope">The endpoint and key the 429 was for.</param>
    /// <param name="until">When the server said new requests may come again.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the pause is recorded.</returns>
    public virtual ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        _ = _pauses.AddOrUpdate(scope, until, (_, current) => current >= until ? current : until);
        return default;
    }
}
