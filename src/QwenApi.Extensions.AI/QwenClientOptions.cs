using Microsoft.Extensions.Logging;
using Polly;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Settings of a <see cref="QwenChatClient"/> and a <see cref="QwenEmbeddingGenerator"/>: where to connect, which key and
/// default models to use, how to retry and when to give up. One type serves both because everything but the model is a
/// property of the key and the endpoint: a chat client and a generator built from the same options (or configuration
/// section) share key, endpoint, retries, timeouts, limits and the rate-limit coordinator's scope. The embedding model
/// has its own property (<see cref="EmbeddingModelId"/>), so a chat <see cref="ModelId"/> is never sent to <c>/embeddings</c>. The options are validated (all problems reported together) when the client is constructed, and
/// copied: later changes to this instance do not affect a client already built from it.
/// </summary>
public sealed class QwenClientOptions
{
    /// <summary>The proxy's endpoint, <c>https://api.qwenapi.io/v1</c>, used when <see cref="Endpoint"/> is not set.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.qwenapi.io/v1");

    private const long DefaultMaxResponseBytes = 128L * 1024 * 1024;
    private const int DefaultMaxStreamEventBytes = 16 * 1024 * 1024;
    private const long DefaultMaxStreamBytes = 1024L * 1024 * 1024;

    /// <summary>Gets or sets the API key sent as <c>Authorization: Bearer</c>. Required.</summary>
    /// <remarks>The key never appears in an exception message, <see cref="object.ToString"/> or a log line.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the base endpoint; requests go to <c>{Endpoint}/chat/completions</c>. Defaults to <see cref="DefaultEndpoint"/>.</summary>
    /// <remarks>Must be absolute. Plain <c>http://</c> is refused unless the host is loopback or <see cref="AllowInsecureHttp"/> is set.</remarks>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Gets or sets the model used when a call's <c>ChatOptions.ModelId</c> is not set, for example <see cref="QwenModels.QwenPlus"/>.</summary>
    public string? ModelId { get; set; }

    /// <summary>The embedding model used when neither <see cref="EmbeddingModelId"/> nor a call sets one: <c>text-embedding-v4</c>.</summary>
    public const string DefaultEmbeddingModelId = "text-embedding-v4";

    /// <summary>
    /// Gets or sets the model a <see cref="QwenEmbeddingGenerator"/> uses when a call's
    /// <c>EmbeddingGenerationOptions.ModelId</c> is not set. Defaults to <see cref="DefaultEmbeddingModelId"/>. A chat client ignores it.
    /// </summary>
    public string EmbeddingModelId { get; set; } = DefaultEmbeddingModelId;

    /// <summary>
    /// Gets or sets the vector length a <see cref="QwenEmbeddingGenerator"/> asks for (<c>dimensions</c>) when a call's
    /// <c>EmbeddingGenerationOptions.Dimensions</c> is not set. Defaults to <see langword="null"/>: the model's default
    /// (1,024 for <c>text-embedding-v4</c> and <c>-v3</c>).
    /// </summary>
    public int? EmbeddingDimensions { get; set; }

    /// <summary>
    /// Gets or sets how many embeddings requests one <see cref="QwenEmbeddingGenerator"/> call sends at once. A call with
    /// more inputs than the model takes per request (10 for <c>text-embedding-v4</c> and <c>-v3</c>, 25 for <c>-v2</c> and
    /// <c>-v1</c>) is split into batches; this bounds how many of them are in flight. Defaults to 4; between 1 and 64.
    /// </summary>
    public int MaxConcurrentEmbeddingRequests { get; set; } = 4;

    /// <summary>
    /// Gets or sets the <c>encoding_format</c> a <see cref="QwenEmbeddingGenerator"/> asks for. Defaults to
    /// <see cref="QwenEmbeddingEncoding.Base64"/>, which falls back to <see cref="QwenEmbeddingEncoding.Float"/> by itself
    /// if the server rejects it; answers in either form are read whatever is asked for. A chat client ignores it.
    /// </summary>
    public QwenEmbeddingEncoding EmbeddingEncoding { get; set; }

    /// <summary>Gets or sets a value indicating whether a plain <c>http://</c> endpoint on a non-loopback host is allowed. Defaults to <see langword="false"/>, because the key would travel in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Gets or sets how many times a failed attempt is retried (0 disables retries). Defaults to 3.</summary>
    /// <remarks>
    /// Retried: connection failures and timeouts before any update reached the caller, 408, 429, 500, 502, 503, 504, and an
    /// in-band <c>{"error":…}</c> event that arrives before any update when it is a server or rate-limit error. Never
    /// retried: other statuses (400, 401, 402, 403, 404, 422, 501, …), billing codes such as <c>insufficient_quota</c>
    /// even on a 429, content-filter or invalid-request in-band errors, the overall deadline, or anything after a stream's
    /// first update reached the caller (so no token is ever repeated).
    /// </remarks>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the base delay of the exponential backoff (with jitter) between attempts. Defaults to 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest backoff delay between two attempts. Defaults to 30 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the longest <c>Retry-After</c> (or <c>retry-after-ms</c>, on any retryable status) the client is
    /// willing to wait; zero means never wait for one. Defaults to 60 seconds. A longer
    /// <c>Retry-After</c> (or one beyond the remaining <see cref="OverallTimeout"/>) is not waited for: the
    /// <see cref="QwenRateLimitException"/> is thrown at once with <see cref="QwenRateLimitException.RetryAfter"/> set.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the deadline of a whole call including retries and their delays. Defaults to 10 minutes;
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it. For streaming calls it covers everything until the first
    /// update reaches the caller; after that only <see cref="StreamIdleTimeout"/> applies, so long healthy streams are never cut.
    /// </summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long one attempt may wait for the response headers. Defaults to 330 seconds because a
    /// non-streaming answer is only sent when complete and the service cuts such calls at 300 seconds.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(330);

    /// <summary>
    /// Gets or sets how long a stream may stay silent (no byte at all, keep-alive comments count as activity) before it is
    /// abandoned. Re-armed on every read. Defaults to 3 minutes, as models can think silently before the first token.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Gets or sets the largest non-streaming response body the client reads, in bytes, counted after any decompression.
    /// Defaults to 128 MiB: the longest real Qwen answer (tens of thousands of tokens with logprobs) is a few tens of MB.
    /// A larger body stops the read at once with a <see cref="QwenResponseTooLargeException"/>; it is never retried.
    /// </summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Gets or sets the largest single server-sent event of a stream, in bytes as sent (field names and line breaks
    /// included), counted after any decompression. Defaults to 16 MiB, thousands of times a real chunk (a few hundred
    /// bytes; a few KB with logprobs). A longer event (or a line that never ends) stops the stream at once with a
    /// <see cref="QwenResponseTooLargeException"/>, so memory stays near this limit whatever the server sends.
    /// </summary>
    public int MaxStreamEventBytes { get; set; } = DefaultMaxStreamEventBytes;

    /// <summary>
    /// Gets or sets the largest whole stream, in bytes counted after any decompression. Defaults to 1 GiB, more than ten
    /// times the longest real stream (reasoning and logprobs included). A longer stream ends with a
    /// <see cref="QwenResponseTooLargeException"/>, also when updates already reached the caller.
    /// </summary>
    public long MaxStreamBytes { get; set; } = DefaultMaxStreamBytes;

    /// <summary>
    /// Gets or sets a value indicating whether every streamed update carries its chunk's JSON as
    /// <see cref="Microsoft.Extensions.AI.ChatResponseUpdate.RawRepresentation"/> (a <see cref="System.Text.Json.JsonElement"/>).
    /// Defaults to <see langword="false"/>: then only chunks with fields the client does not map to MEAI types carry it
    /// (<c>logprobs</c>, search results, fields Qwen adds later), which costs nothing on ordinary chunks; copying every
    /// chunk roughly triples the bytes allocated per chunk.
    /// </summary>
    public bool RawStreamingChunks { get; set; }

    /// <summary>
    /// Gets or sets the coordinator that governs one key's limits for every client sharing it. Every attempt is admitted
    /// by it first, in one step: the pause a 429 set (until the later of <c>Retry-After</c> and the reset of the limit
    /// the 429 reports), the request and token windows of <see cref="QwenRateLimitCoordinator.Limits"/>, and the budget
    /// the server reported in its <c>x-ratelimit-*</c> headers (read on every answer); a refused attempt waits as the
    /// refusal says (with a little jitter) and asks again. A wait at least as long as the time left before
    /// <see cref="OverallTimeout"/>, an estimate larger than the token limit, or a full
    /// <see cref="QwenRateLimitOptions.QueueLimit"/> fails at once with a <see cref="QwenRateLimitException"/> (nothing
    /// sent); cancelling the caller's token ends the wait at once. The scope is the endpoint and key, or also the model
    /// sent when <see cref="QwenRateLimitOptions.Scope"/> is <see cref="QwenRateLimitScope.KeyAndModel"/>. With a
    /// coordinator every call carries a token estimate (see <see cref="TokenRateLimiter"/>), corrected to the reported
    /// usage as <see cref="QwenRateLimitOptions.TokenAccounting"/> says. Defaults to <see langword="null"/> (each call
    /// honours only its own <c>Retry-After</c>). Share one <see cref="QwenRateLimitCoordinator"/> between the clients of
    /// a process, on their <see cref="TimeProvider"/>; clients registered with <c>AddQwenChatClient</c> use the one
    /// registered in the container, if any.
    /// </summary>
    public QwenRateLimitCoordinator? RateLimitCoordinator { get; set; }

    /// <summary>
    /// Gets or sets a limiter of requests: every attempt acquires one permit before it is sent (after the coordinator
    /// admitted it, if any). A failed attempt releases its permit before its retry acquires a new one (so a retry never
    /// waits for its own call's permit); the attempt that succeeds keeps it until the call ends (a stream: until it is
    /// read to the end or disposed). Any <see cref="System.Threading.RateLimiting.RateLimiter"/> plugs in (for
    /// example a <c>SlidingWindowRateLimiter</c> for requests per minute, or a <c>ConcurrencyLimiter</c>); its queue is
    /// the bounded queue callers wait in. Defaults to <see langword="null"/> (no client-side limit). A caller that cannot
    /// be served (queue full, or a wait the limiter says would outlast <see cref="OverallTimeout"/>) gets a
    /// <see cref="QwenRateLimitException"/> at once; cancelling the caller's token ends the wait at once.
    /// </summary>
    public System.Threading.RateLimiting.RateLimiter? RequestRateLimiter { get; set; }

    /// <summary>
    /// Gets or sets a limiter of tokens: every attempt acquires an estimate of the tokens the call will use before it is
    /// sent: the request body's bytes / 4 for the input, plus <c>max_completion_tokens</c>, else <c>max_tokens</c>,
    /// else 1,024 for the output. Leases are held and released as for <see cref="RequestRateLimiter"/>. A
    /// <see cref="System.Threading.RateLimiting.RateLimiter"/> cannot take back or add permits once granted, so the
    /// estimate stands: set <c>MaxOutputTokens</c> for estimates close to the truth. For a
    /// key's tokens per minute prefer <see cref="RateLimitCoordinator"/> with <see cref="QwenRateLimitOptions.TokensPerMinute"/>,
    /// which also follows the server's headers. Defaults to <see langword="null"/>; failures as for <see cref="RequestRateLimiter"/>.
    /// </summary>
    public System.Threading.RateLimiting.RateLimiter? TokenRateLimiter { get; set; }

    /// <summary>Gets or sets the clock used for every delay and timeout. Defaults to <see cref="TimeProvider.System"/>; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the logger factory for retries (Information) and final failures (Warning). Content and keys are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Gets or sets a hook that can add strategies to the resilience pipeline (for example a circuit breaker or rate
    /// limiter). It runs once, when the client is constructed, on a builder whose <c>TimeProvider</c> is
    /// <see cref="TimeProvider"/>. Strategies are added after the built-in retry, so they sit inside it and run once per
    /// attempt. Exceptions they throw themselves (for example a broken circuit) reach the caller unchanged.
    /// </summary>
    public Action<ResiliencePipelineBuilder>? ConfigureResilience { get; set; }

    /// <summary>Gets or sets an optional suffix appended to the <c>User-Agent</c> header, for example your app's name and version.</summary>
    public string? UserAgentSuffix { get; set; }

    /// <summary>Gets or sets the configuration values <c>AddQwenChatClient</c> could not read, reported by its startup validation; <see langword="null"/> when none.</summary>
    internal IReadOnlyList<string>? ConfigurationErrors { get; set; }

    /// <summary>
    /// Creates a copy holding the same values (the <see cref="TimeProvider"/>, <see cref="LoggerFactory"/>,
    /// <see cref="ConfigureResilience"/>, <see cref="RateLimitCoordinator"/> and limiter instances are shared, not copied). The client copies its options too, so
    /// changing these after construction never affects a client.
    /// </summary>
    /// <returns>The copy.</returns>
    public QwenClientOptions Clone() => (QwenClientOptions)MemberwiseClone();
}
