using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Governs one key's rate limits for every client that shares it: each attempt is admitted here first (<see cref="AdmitAsync"/>),
/// in one step that checks the pause a 429 set, the request and token windows of <see cref="Limits"/>, and the budget the
/// server last reported in its <c>x-ratelimit-*</c> headers (<see cref="ObserveAsync"/>). A refusal says how long to wait;
/// the client waits (plus a small jitter, so callers do not return as a herd) and asks again. Pauses and limits never
/// apply to another endpoint, key or (with <see cref="QwenRateLimitScope.KeyAndModel"/>) model.
/// </summary>
/// <remarks>
/// <para>
/// Share one instance between the clients of a process through <see cref="QwenClientOptions.RateLimitCoordinator"/>.
/// This implementation keeps everything in this process's memory, on the clock given to the constructor; a store that
/// shares the state between processes (the Redis package) overrides <see cref="AdmitAsync"/>, <see cref="PauseAsync"/>
/// and <see cref="ObserveAsync"/>. Such a store's fallback while it is unreachable is simply another instance of this
/// class, with the limits scaled to this process's share: no internal type has to be shared.
/// </para>
/// <para>
/// Scopes are opaque strings built from the endpoint and a hash of the key (never the key itself), plus the model for
/// per-model limits. State is kept per scope for the coordinator's lifetime.
/// </para>
/// </remarks>
public class QwenRateLimitCoordinator
{
    private readonly ConcurrentDictionary<string, CoordinatorScope> _scopes = new(StringComparer.Ordinal);
    private int _waiters;

    /// <summary>Initializes a coordinator that shares pauses and the server's reported budgets, with no limits of its own, on the system clock.</summary>
    public QwenRateLimitCoordinator()
        : this(null, null)
    {
    }

    /// <summary>Initializes a coordinator that also enforces <paramref name="limits"/> (in this process's memory), on the system clock.</summary>
    /// <param name="limits">The key's plan limits, or <see langword="null"/> for none.</param>
    public QwenRateLimitCoordinator(QwenRateLimitOptions? limits)
        : this(limits, null)
    {
    }

    /// <summary>Initializes a coordinator that enforces <paramref name="limits"/> on the clock <paramref name="timeProvider"/>.</summary>
    /// <param name="limits">The key's plan limits, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">
    /// The clock for pauses, windows and server resets; <see langword="null"/> for <see cref="TimeProvider.System"/>.
    /// Give it the clients' <see cref="QwenClientOptions.TimeProvider"/> (tests pass a fake one to both).
    /// </param>
    public QwenRateLimitCoordinator(QwenRateLimitOptions? limits, TimeProvider? timeProvider)
    {
        Limits = limits;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the limits this coordinator enforces, or <see langword="null"/> when it only shares pauses and server budgets.</summary>
    public QwenRateLimitOptions? Limits { get; }

    /// <summary>Gets the clock of every pause, window and reset this coordinator keeps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Gets the scope the clients of <paramref name="endpoint"/> and <paramref name="apiKey"/> share: the chat-completions
    /// address and the first 16 bytes of the key's SHA-256 in hex (never the key). Shared limiters key their state on it too.
    /// A <see cref="QwenEmbeddingGenerator"/> of the same endpoint and key uses the same scope (its calls count against the
    /// key's limits like chat calls), so the address stays the chat one whichever endpoint a call goes to.
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
    /// <returns>The admission, granted or refused (a refusal's <see cref="QwenRateLimitAdmission.RetryAfter"/> is <see langword="null"/> when the estimate exceeds the token limit: waiting cannot help).</returns>
    public virtual ValueTask<QwenRateLimitAdmission> AdmitAsync(string scope, long tokens, CancellationToken cancellationToken = default) =>
        new(Scope(scope).Admit(Math.Max(0, tokens), TimeProvider.GetUtcNow()));

    /// <summary>
    /// Records what an answer's headers said about the key's limits, so that no window of this coordinator is more
    /// optimistic than the server: until the server's reset, at most what it said remains (less what was admitted since
    /// <see cref="QwenServerRateLimits.AdmittedAt"/>) may be admitted.
    /// </summary>
    /// <param name="scope">The scope of the attempt that received the answer.</param>
    /// <param name="limits">What the server said.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the values are recorded.</returns>
    public virtual ValueTask ObserveAsync(string scope, QwenServerRateLimits limits, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(limits);
        Scope(scope).Observe(limits, TimeProvider.GetUtcNow());
        return default;
    }

    /// <summary>Records that the server asked <paramref name="scope"/> to wait until <paramref name="until"/>; of two pauses the later one stays.</summary>
    /// <param name="scope">The scope the 429 was for.</param>
    /// <param name="until">When the server said new requests may come again.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the pause is recorded.</returns>
    public virtual ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        Scope(scope).Pause(until);
        return default;
    }

    /// <summary>The address calls are sent to: the endpoint plus <c>/chat/completions</c>.</summary>
    internal static Uri ChatCompletionsUri(Uri endpoint) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions", UriKind.Absolute);

    /// <summary>Takes a place among this coordinator's waiting callers, if <see cref="QwenRateLimitOptions.QueueLimit"/> leaves one.</summary>
    internal bool TryEnterQueue()
    {
        int limit = Limits?.QueueLimit ?? int.MaxValue;
        if (Interlocked.Increment(ref _waiters) <= limit)
        {
            return true;
        }

        _ = Interlocked.Decrement(ref _waiters);
        return false;
    }

    /// <summary>Gives back a place taken with <see cref="TryEnterQueue"/>.</summary>
    internal void ExitQueue() => Interlocked.Decrement(ref _waiters);

    private CoordinatorScope Scope(string scope) =>
        _scopes.GetOrAdd(Throw.IfNull(scope), static (_, limits) => new CoordinatorScope(limits), Limits);
}
