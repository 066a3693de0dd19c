using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace QwenApi.Extensions.AI;

/// <summary>
/// HTTP for one endpoint of the API (<c>/chat/completions</c> or <c>/embeddings</c>), one instance per client. It builds
/// the parts from the client's options and owns the <see cref="HttpClient"/> it created: <see cref="CallRunner"/> runs
/// attempts with retries and rate-limit governance, <see cref="AttemptSender"/> sends one attempt, <see cref="FailureTranslator"/>
/// types every failure, and <see cref="UnaryExchange"/> and <see cref="StreamingExchange"/> are the two kinds of call.
/// What differs between endpoints is only the path and how a 2xx body is read (<see cref="IUnaryResponseReader{T}"/>).
/// </summary>
internal sealed class QwenTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly CallRunner _runner;
    private readonly UnaryExchange _unary;
    private readonly StreamingExchange _streaming;

    /// <param name="options">The validated copy of the client's options.</param>
    /// <param name="httpClient">The caller's client, or <see langword="null"/> to own one.</param>
    /// <param name="path">The endpoint's path below <see cref="QwenClientOptions.Endpoint"/>, for example <c>chat/completions</c>.</param>
    /// <param name="loggerCategory">The log category, named after the public client that owns this transport.</param>
    public QwenTransport(QwenClientOptions options, HttpClient? httpClient, string path, string loggerCategory)
    {
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        var requestUri = new Uri(options.Endpoint.AbsoluteUri.TrimEnd('/') + "/" + path, UriKind.Absolute);
        var errors = new QwenExceptionFactory(options.ApiKey!);
        Logger = options.LoggerFactory?.CreateLogger(loggerCategory) ?? NullLogger.Instance;
        ServerSignals? signals = options.RateLimitCoordinator is { } coordinator ? new ServerSignals(coordinator, requestUri, Logger) : null;
        var failures = new FailureTranslator(requestUri, errors, Logger);
        var sender = new AttemptSender(_http, options, requestUri, signals, new ErrorResponseReader(options, requestUri, errors, signals), failures);
        _runner = new CallRunner(options, QwenRetryPolicy.Build(options, Logger), AttemptGovernor.Create(options, requestUri), failures);
        _unary = new UnaryExchange(errors, options, _runner, sender, failures, Logger);
        _streaming = new StreamingExchange(options, _runner, sender, failures, errors, Logger);
    }

    /// <summary>The path of the chat-completions endpoint.</summary>
    public const string ChatCompletionsPath = "chat/completions";

    /// <summary>The path of the embeddings endpoint.</summary>
    public const string EmbeddingsPath = "embeddings";

    /// <summary>Gets the client's logger (a null logger when no factory was given).</summary>
    public ILogger Logger { get; }

    /// <summary>Gets a value indicating whether calls need a token estimate (a coordinator or a token limiter is set).</summary>
    public bool NeedsTokenEstimate => _runner.NeedsTokenEstimate;

    /// <inheritdoc cref="UnaryExchange.GetResponseAsync"/>
    public Task<T> GetResponseAsync<T>(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, IUnaryResponseReader<T> reader, CancellationToken cancellationToken) =>
        _unary.GetResponseAsync(body, model, estimate, reader, cancellationToken);

    /// <inheritdoc cref="StreamingExchange.StreamAsync"/>
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, CancellationToken cancellationToken) =>
        _streaming.StreamAsync(body, model, estimate, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient()
    {
        // The client's own timeouts (headers, idle, overall) govern; HttpClient.Timeout would cut long calls.
        return new HttpClient(QwenHttpHandler.Create(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
