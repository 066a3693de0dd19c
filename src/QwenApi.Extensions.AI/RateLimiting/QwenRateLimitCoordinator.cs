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

    /// <summary>Initializes a coordinator that shares pauses and the server's reported budgets, with no limits of its own.</summary>
    public QwenRateLimitCoordinator()
        : this(null)
    {
    }

    /// <summary>Initializes a coordinator that also enforces <paramref name="limits"/> (in this process's memory).</summary>
    /// <param name="limits">The key's plan limits, or <see langword="null"/> for none.</param>
    public QwenRateLimitCoordinator(QwenRateLimitOptions? limits) => Limits = limits;

    /// <summary>Gets the limits this coordinator enforces, or <see langword="null"/> when it only shares pauses and server budgets.</summary>
    public QwenRateLimitOptions? Limits { get; }

    /// <summary>
    /// Gets the scope the clients of <paramref name="endpoint"/> and <paramref name="apiKey"/> share: the chat-completions
    /// address and the first 16 bytes of the key's SHA-256 in hex (never the key). Shared limiters key their state on it too.
    /// </summary>
    /// <param name="endpoint">The API's base address (<see cref="QwenClientOptions.Endpoint"/>).</param>
    /// <param name="apiKey">The key (<see cref="QwenClientOptions.ApiKey"/>).</param>
    /// <returns>The scope, for example <c>https://api.qwenapi.io/v1/chat/completions|3F2A…</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> or <paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <param name="modelId">The model, for a per-model scope (<see cref="QwenRateLimitScope.KeyAndModel"/>); <see langword="null"/> for the key's.</param>
    public static string GetScope(Uri endpoint, string apiKey, string? modelId = null)
    {
        _ = Throw.IfNull(endpoint);
        _ = Throw.IfNull(apiKey);
        string scope = ChatCompletionsUri(endpoint).AbsoluteUri + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0, 16);
        return modelId is null ? scope : scope + "|" + modelId;
    }

    /// <summary>
    /// Admits one attempt of <paramref name="scope"/> that estimates <paramref name="tokens"/> tokens, or refuses it with
    /// the wait after which it may be admitted: in one step it checks the pause a 429 set, the request and token windows
    /// of <see cref="Limits"/>, and the budget the server last reported (<see cref="ObserveAsync"/>). It never waits
    /// itself; the client waits and asks again. The client disposes the admission when the call ends.
    /// </summary>
    /// <param name="scope">The scope of the attempt (<see cref="GetScope"/>).</param>
    /// <param name="tokens">The attempt's token estimate (prompt plus output cap).</param>
    /// <param name="cancellationToken">Cancels the admission.</param>
    /// <returns>The admission, granted or refused.</returns>
    public virtual async ValueTask<QwenRateLimitAdmission> AdmitAsync(string scope, long tokens, CancellationToken cancellationToken = default)
    {
        if (await GetPausedUntilAsync(scope, cancellationToken).ConfigureAwait(false) is { } until && until > DateTimeOffset.UtcNow)
        {
            return QwenRateLimitAdmission.Refuse(until - DateTimeOffset.UtcNow, QwenRateLimitSource.Pause, "a 429 paused the key");
        }

        return QwenRateLimitAdmission.Admitted;
    }

    /// <summary>
    /// Records what an answer's headers said about the key's limits, so that no window of this coordinator is more
    /// optimistic than the server: until the server's reset, at most what it said remains (less what was admitted since)
    /// may be admitted.
    /// </summary>
    /// <param name="scope">The scope of the attempt that received the answer.</param>
    /// <param name="limits">What the server said.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the values are recorded.</returns>
    public virtual ValueTask ObserveAsync(string scope, QwenServerRateLimits limits, CancellationToken cancellationToken = default) => default;

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
