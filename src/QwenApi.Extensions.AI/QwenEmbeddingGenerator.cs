using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for Qwen's text-embedding models through the OpenAI-style proxy
/// (<c>POST {endpoint}/embeddings</c>). Any number of inputs is split into requests of the model's maximum (10 for
/// <c>text-embedding-v4</c> and <c>-v3</c>, 25 for <c>-v2</c> and <c>-v1</c>), sent a few at a time
/// (<see cref="QwenClientOptions.MaxConcurrentEmbeddingRequests"/>) and returned in input order with their summed usage.
/// Requests go through the same transport as <see cref="QwenChatClient"/>: typed exceptions, retries with <c>Retry-After</c>,
/// the three timeouts, response size limits, the rate-limit coordinator (same scope as chat for the same key) and the meter.
/// </summary>
/// <remarks>
/// Settings come from <see cref="QwenClientOptions"/>, the type the chat client uses: key, endpoint, retries, timeouts,
/// limits and coordinator belong to the key, not to the kind of call, so one options instance (or one configuration
/// section) configures both and a shared coordinator sees them as one key. The embedding model is
/// <see cref="QwenClientOptions.EmbeddingModelId"/>, not <see cref="QwenClientOptions.ModelId"/>, so a chat model is never
/// sent here. Vectors are requested as base64 (<see cref="QwenClientOptions.EmbeddingEncoding"/>), read in either form, and
/// requested as float from then on if the server refuses base64.
/// Thread-safe: share one instance. Dispose it when done unless you supplied the <see cref="HttpClient"/>.
/// </remarks>
public sealed class QwenEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly (string, string, string) s_argumentSources = ("The apiKey argument", "The endpoint argument", "apiKey");
    private static readonly (string, string, string) s_optionsSources = ("QwenClientOptions.ApiKey", "QwenClientOptions.Endpoint", "options");

    private readonly QwenTransport _transport;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly string _defaultModelId;
    private readonly int? _defaultDimensions;
    private readonly int _maxConcurrency;
    private readonly EmbeddingEncodingChoice _encoding;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="QwenEmbeddingGenerator"/> class.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="modelId">The model used when a call sets no <see cref="EmbeddingGenerationOptions.ModelId"/>. Defaults to <c>text-embedding-v4</c>.</param>
    /// <param name="endpoint">The base endpoint; requests go to <c>{endpoint}/embeddings</c>. Defaults to <see cref="QwenClientOptions.DefaultEndpoint"/>. Plain <c>http://</c> is accepted for loopback hosts only.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/>, <paramref name="modelId"/> or <paramref name="endpoint"/> is missing or invalid (the message never contains the key).</exception>
    public QwenEmbeddingGenerator(string apiKey, string modelId = QwenClientOptions.DefaultEmbeddingModelId, Uri? endpoint = null)
        : this(new QwenClientOptions { ApiKey = apiKey, EmbeddingModelId = modelId, Endpoint = endpoint ?? QwenClientOptions.DefaultEndpoint }, null, s_argumentSources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenEmbeddingGenerator"/> class that owns its <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings (the embedding ones are <see cref="QwenClientOptions.EmbeddingModelId"/>, <see cref="QwenClientOptions.EmbeddingDimensions"/> and <see cref="QwenClientOptions.MaxConcurrentEmbeddingRequests"/>); validated and copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QwenEmbeddingGenerator(QwenClientOptions options)
        : this(options, null, s_optionsSources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenEmbeddingGenerator"/> class that sends through <paramref name="httpClient"/>.</summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="httpClient">The client to send with; used, not disposed. Its <see cref="HttpClient.Timeout"/> should be <see cref="Timeout.InfiniteTimeSpan"/> (the generator has its own timeouts).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QwenEmbeddingGenerator(QwenClientOptions options, HttpClient httpClient)
        : this(options, Throw.IfNull(httpClient), s_optionsSources)
    {
    }

    private QwenEmbeddingGenerator(QwenClientOptions options, HttpClient? httpClient, (string ApiKey, string Endpoint, string Parameter) sources)
    {
        _ = Throw.IfNull(options);
        QwenClientOptions copy = options.Clone();
        QwenClientOptionsValidator.ThrowIfInvalid(copy, sources.ApiKey, sources.Endpoint, sources.Parameter);
        _transport = new QwenTransport(copy, httpClient, QwenTransport.EmbeddingsPath, "QwenApi.Extensions.AI.QwenEmbeddingGenerator");
        _defaultModelId = copy.EmbeddingModelId;
        _defaultDimensions = copy.EmbeddingDimensions;
        _maxConcurrency = copy.MaxConcurrentEmbeddingRequests;
        _encoding = new EmbeddingEncodingChoice(copy.EmbeddingEncoding);
        _time = copy.TimeProvider;
        _metadata = new EmbeddingGeneratorMetadata("qwen", copy.Endpoint, _defaultModelId, EmbeddingModelLimits.ExpectedDimensions(_defaultModelId, _defaultDimensions));
        Debug.Assert(_maxConcurrency >= 1, "Validated.");
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="EmbeddingGenerationOptions.ModelId"/> and <see cref="EmbeddingGenerationOptions.Dimensions"/> are sent as
    /// <c>model</c> and <c>dimensions</c>; every <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> entry, and every
    /// field of the object <see cref="EmbeddingGenerationOptions.RawRepresentationFactory"/> returns (a <c>JsonObject</c>, a
    /// <c>JsonElement</c> object or an <c>IDictionary&lt;string, object?&gt;</c>), becomes a top-level field, replacing
    /// <c>dimensions</c> when it names it. An empty <paramref name="values"/> returns an empty result without a request. Each embedding has
    /// the model that answered and the time its batch arrived; <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/> sums the batches.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value is <see langword="null"/>, an option is invalid, or an additional or raw field names a field the generator writes (<c>model</c>, <c>input</c>, <c>encoding_format</c>).</exception>
    /// <exception cref="NotSupportedException"><see cref="EmbeddingGenerationOptions.RawRepresentationFactory"/> returned an object of another type.</exception>
    /// <exception cref="QwenApiException">A batch failed (see the derived types); the message names its inputs, and no result is returned.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(values);
        string[] inputs = [.. values];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
            {
                Throw.ArgumentException(nameof(values), $"The value at position {i} is null; every input must be a string.");
            }
        }

        string model = options?.ModelId ?? _defaultModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            Throw.ArgumentException(nameof(options), "EmbeddingGenerationOptions.ModelId is empty: pass a model such as \"text-embedding-v4\", or null for the generator's default.");
        }

        int? dimensions = options?.Dimensions ?? _defaultDimensions;
        if (dimensions is <= 0)
        {
            Throw.ArgumentException(nameof(options), $"EmbeddingGenerationOptions.Dimensions must be positive (it is {dimensions}).");
        }

        var fields = PassThroughFields.Create(options, this);
        if (inputs.Length == 0)
        {
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>());
        }

        var run = new EmbeddingBatchRun(_transport, _time, model, inputs, dimensions, fields, _encoding, _maxConcurrency);
        return run.RunAsync(cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
