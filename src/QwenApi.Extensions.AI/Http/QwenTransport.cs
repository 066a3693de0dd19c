using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace QwenApi.Extensions.AI;

/// <summary>
/// HTTP for the chat-completions endpoint: builds each attempt's request, runs attempts through the retry pipeline,
/// turns every failure into a typed <see cref="QwenApiException"/> (or the caller's <see cref="OperationCanceledException"/>),
/// and logs retries and final failures.
/// </summary>
internal sealed partial class QwenTransport : IDisposable
{
    private static readonly string s_version = typeof(QwenTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QwenClientOptions _options;
    private readonly Uri _chatCompletionsUri;
    private readonly string _authorization;
    private readonly string _userAgent;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly AttemptGovernor? _governor;
    private readonly ServerSignals? _signals;

    public QwenTransport(QwenClientOptions options, HttpClient? httpClient)
    {
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        _chatCompletionsUri = QwenRateLimitCoordinator.ChatCompletionsUri(options.Endpoint);
        _authorization = "Bearer " + options.ApiKey;
        _userAgent = $"QwenApi.Extensions.AI/{s_version}" + (string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? string.Empty : " " + options.UserAgentSuffix.Trim());
        Errors = new QwenExceptionFactory(options.ApiKey!);
        _logger = options.LoggerFactory?.CreateLogger("QwenApi.Extensions.AI.QwenChatClient") ?? NullLogger.Instance;
        _pipeline = QwenRetryPolicy.Build(options, _logger);
        _governor = AttemptGovernor.Create(options, _chatCompletionsUri);
        _signals = options.RateLimitCoordinator is { } coordinator ? new ServerSignals(coordinator, _chatCompletionsUri, _logger) : null;
    }

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
        using var request = new HttpRequestMessage(HttpMethod.Post, _chatCompletionsUri)
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
                        $"The response from {_chatCompletionsUri.Host} is compressed (Content-Encoding: {encoding}) but was not decompressed: the client does not ask for compression. Fix the proxy, or pass an HttpClient whose handler sets AutomaticDecompression.",
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
