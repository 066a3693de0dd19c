using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace QwenApi.Extensions.AI;

/// <summary>
/// HTTP for one endpoint of the API (<c>/chat/completions</c> or <c>/embeddings</c>): builds each attempt's request, runs
/// attempts through the retry pipeline and the rate-limit governance, turns every failure into a typed
/// <see cref="QwenApiException"/> (or the caller's <see cref="OperationCanceledException"/>), and logs retries and final
/// failures. One instance per client; what differs between endpoints is only the path and how a 2xx body is read
/// (<see cref="IUnaryResponseReader{T}"/>), so chat and embeddings share one copy of the machinery.
/// </summary>
internal sealed partial class QwenTransport : IDisposable
{
    private static readonly string s_version = typeof(QwenTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QwenClientOptions _options;
    private readonly Uri _requestUri;
    private readonly string _authorization;
    private readonly string _userAgent;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly AttemptGovernor? _governor;
    private readonly ServerSignals? _signals;

    /// <param name="options">The validated copy of the client's options.</param>
    /// <param name="httpClient">The caller's client, or <see langword="null"/> to own one.</param>
    /// <param name="path">The endpoint's path below <see cref="QwenClientOptions.Endpoint"/>, for example <c>chat/completions</c>.</param>
    /// <param name="loggerCategory">The log category, named after the public client that owns this transport.</param>
    public QwenTransport(QwenClientOptions options, HttpClient? httpClient, string path, string loggerCategory)
    {
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        _requestUri = new Uri(options.Endpoint.AbsoluteUri.TrimEnd('/') + "/" + path, UriKind.Absolute);
        _authorization = "Bearer " + options.ApiKey;
        _userAgent = $"QwenApi.Extensions.AI/{s_version}" + (string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? string.Empty : " " + options.UserAgentSuffix.Trim());
        Errors = new QwenExceptionFactory(options.ApiKey!);
        _logger = options.LoggerFactory?.CreateLogger(loggerCategory) ?? NullLogger.Instance;
        _pipeline = QwenRetryPolicy.Build(options, _logger);
        _governor = AttemptGovernor.Create(options, _requestUri);
        _signals = options.RateLimitCoordinator is { } coordinator ? new ServerSignals(coordinator, _requestUri, _logger) : null;
    }

    /// <summary>The path of the chat-completions endpoint.</summary>
    public const string ChatCompletionsPath = "chat/completions";

    /// <summary>The path of the embeddings endpoint.</summary>
    public const string EmbeddingsPath = "embeddings";

    public QwenExceptionFactory Errors { get; }

    /// <summary>Gets the client's logger (a null logger when no factory was given).</summary>
    public ILogger Logger => _logger;

    /// <summary>Gets a value indicating whether calls need a token estimate (a coordinator or a token limiter is set).</summary>
    public bool NeedsTokenEstimate => _governor?.NeedsTokens == true;

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

    private async Task<HttpResponseMessage> SendAsync(ReadOnlyMemory<byte> body, bool stream, AttemptScope attempt)
    {
        attempt.Call.Attempts++;
        using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri)
        {
            Content = new ReadOnlyMemoryContent(body),
        };

        // Pre-formatted values added without validation: the typed setters and the Accept collection allocate a parsed
        // header object and a store entry per request; these are the same bytes on the wire.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        request.Headers.TryAddWithoutValidation("Accept", stream ? "text/event-stream" : "application/json");

        HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        attempt.EnterBody();
        QwenServerRateLimits? limits = _signals is null ? null : await _signals.ObserveAsync(response, attempt.Call, attempt.Token).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            if (UndecodedEncoding(response) is { } encoding)
            {
                // Reading it as JSON or SSE would report "not JSON" or "ended without [DONE]": say what really happened.
                using (response)
                {
                    throw InvalidResponse(
                        $"The response from {_requestUri.Host} is compressed (Content-Encoding: {encoding}) but was not decompressed: the client does not ask for compression. Fix the proxy, or pass an HttpClient whose handler sets AutomaticDecompression.",
                        response,
                        null);
                }
            }

            return response;
        }

        using (response)
        {
            throw await ReadErrorAsync(response, attempt, limits).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The content coding still applied to the body, if any. A handler that decompresses removes the coding it undid from
    /// <c>Content-Encoding</c>, so whatever is left is a body nobody here can read.
    /// </summary>
    private static string? UndecodedEncoding(HttpResponseMessage response)
    {
        foreach (string encoding in response.Content.Headers.ContentEncoding)
        {
            if (!string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(", ", response.Content.Headers.ContentEncoding);
            }
        }

        return null;
    }
}
