using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// An <see cref="IChatClient"/> for Qwen models through the OpenAI-style proxy (<c>https://api.qwenapi.io/v1</c>).
/// It speaks Qwen exactly: reasoning (<see cref="TextReasoningContent"/>), Qwen-only parameters
/// (<see cref="QwenChatOptions"/> or <see cref="ChatOptions.AdditionalProperties"/>), Qwen's tool-call stream quirks and
/// in-band errors; it retries transient failures and reports every other one as a typed <see cref="QwenApiException"/>.
/// </summary>
/// <remarks>Thread-safe: share one instance (it pools connections). Dispose it when done unless you supplied the <see cref="HttpClient"/>.</remarks>
public sealed partial class QwenChatClient : IChatClient
{
    /// <summary>The shared relaxed escaping; the writer needs no validation, the request writer is structured.</summary>
    private static readonly JsonWriterOptions s_writerOptions = JsonValueWriter.RelaxedOptions with { SkipValidation = true };

    // What each construction path reads, so that a validation message names the argument or property the caller set.
    private static readonly (string, string, string) s_argumentSources = ("The apiKey argument", "The endpoint argument", "apiKey");
    private static readonly (string, string, string) s_optionsSources = ("QwenClientOptions.ApiKey", "QwenClientOptions.Endpoint", "options");

    private readonly QwenTransport _transport;
    private readonly ChatClientMetadata _metadata;
    private readonly string? _defaultModelId;

    /// <summary>Initializes a new instance of the <see cref="QwenChatClient"/> class for the default endpoint.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="modelId">The model used when a call sets no <see cref="ChatOptions.ModelId"/>, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is missing or malformed (the message never contains it).</exception>
    public QwenChatClient(string apiKey, string? modelId = null)
        : this(new QwenClientOptions { ApiKey = apiKey, ModelId = modelId }, null, ownsHttpClient: true, s_argumentSources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenChatClient"/> class for another endpoint (a gateway, a proxy of your own, the simulator).</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="modelId">The model used when a call sets no <see cref="ChatOptions.ModelId"/>.</param>
    /// <param name="endpoint">The base endpoint, for example <c>https://api.qwenapi.io/v1</c>; requests go to <c>{endpoint}/chat/completions</c>. Plain <c>http://</c> is accepted for loopback hosts only (use <see cref="QwenClientOptions.AllowInsecureHttp"/> otherwise).</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="endpoint"/> is missing or invalid (the message never contains the key).</exception>
    public QwenChatClient(string apiKey, string? modelId, Uri endpoint)
        : this(new QwenClientOptions { ApiKey = apiKey, ModelId = modelId, Endpoint = endpoint }, null, ownsHttpClient: true, s_argumentSources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenChatClient"/> class that owns its <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QwenChatClient(QwenClientOptions options)
        : this(options, null, ownsHttpClient: true, s_optionsSources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenChatClient"/> class that sends through <paramref name="httpClient"/>.</summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="httpClient">
    /// The client to send with; it is used, not disposed. Its <see cref="HttpClient.Timeout"/> should be
    /// <see cref="Timeout.InfiniteTimeSpan"/> so that long non-streaming answers are governed by the client's own timeouts.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QwenChatClient(QwenClientOptions options, HttpClient httpClient)
        : this(options, Throw.IfNull(httpClient), ownsHttpClient: false, s_optionsSources)
    {
    }

    private QwenChatClient(QwenClientOptions options, HttpClient? httpClient, bool ownsHttpClient, (string ApiKey, string Endpoint, string Parameter) sources)
    {
        _ = Throw.IfNull(options);
        QwenClientOptions copy = options.Clone();
        QwenClientOptionsValidator.ThrowIfInvalid(copy, sources.ApiKey, sources.Endpoint, sources.Parameter);
        Debug.Assert(ownsHttpClient == httpClient is null, "The client owns exactly the HttpClient it creates.");
        _transport = new QwenTransport(copy, httpClient, QwenTransport.ChatCompletionsPath, "QwenApi.Extensions.AI.QwenChatClient");
        _defaultModelId = copy.ModelId;
        _metadata = new ChatClientMetadata("qwen", copy.Endpoint, copy.ModelId);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A message or option is invalid, or no model is set.</exception>
    /// <exception cref="NotSupportedException">A message holds content Qwen cannot carry (audio, hosted tools, …).</exception>
    /// <exception cref="QwenApiException">The call failed; see the derived types.</exception>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        byte[] body = BuildRequest(messages, options, stream: false, out string model);
        return _transport.GetResponseAsync(body, model, EstimateTokens(body, options), ChatCompletionReader.Instance, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Arguments are validated and the request body is built before this method returns, so bad input throws here
    /// rather than on the first <c>MoveNextAsync</c>. A stream that ends without <c>[DONE]</c> and without a finish
    /// reason, or an <c>{"error":…}</c> event, throws: it never ends like a success.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A message or option is invalid, or no model is set.</exception>
    /// <exception cref="NotSupportedException">A message holds content Qwen cannot carry.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        byte[] body = BuildRequest(messages, options, stream: true, out string model);
        return _transport.StreamAsync(body, model, EstimateTokens(body, options), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>
    /// The tokens a call may use, for <see cref="QwenClientOptions.RateLimitCoordinator"/> and <see cref="QwenClientOptions.TokenRateLimiter"/>: about one per four bytes of the
    /// request (JSON included: an overestimate, which errs on the side of the limit) plus the output cap the call set
    /// (<c>max_completion_tokens</c>, else <c>max_tokens</c>), else 1,024.
    /// </summary>
    private TokenEstimate EstimateTokens(byte[] body, ChatOptions? options)
    {
        if (!_transport.NeedsTokenEstimate)
        {
            return default; // nothing reads it: no dictionary lookup on the call path of the common, unlimited client
        }

        int? cap = QwenOptionValues.Get<int>(options?.AdditionalProperties, "max_completion_tokens") ?? options?.MaxOutputTokens;
        long output = cap is { } c ? Math.Max(0, c) : 1024;
        return new TokenEstimate((int)Math.Min(int.MaxValue, ((body.Length + 3L) / 4) + output), cap is null ? null : (int)output);
    }

    /// <summary>
    /// Writes the request body into a pooled buffer and returns an exact copy the call owns outright: it is only ever
    /// read (by every attempt, and by every enumeration of a streaming result), never returned to a pool, so no caller
    /// can see another call's bytes whatever it does with the result. The pooled buffer is returned here.
    /// </summary>
    private byte[] BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream, out string model)
    {
        string? chosen = options?.ModelId ?? _defaultModelId;
        if (string.IsNullOrWhiteSpace(chosen))
        {
            Throw.ArgumentException(nameof(options), "No model is set: pass ChatOptions.ModelId or set QwenClientOptions.ModelId (for example QwenModels.QwenPlus).");
        }

        model = chosen;

        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            ChatRequestWriter.Write(writer, messages, options, model, stream, this, _transport.Logger);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
