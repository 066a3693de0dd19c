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

    public QwenTransport(QwenClientOptions options, HttpClient? httpClient)
    {
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        string endpoint = options.Endpoint.AbsoluteUri.TrimEnd('/');
        _chatCompletionsUri = new Uri(endpoint + "/chat/completions", UriKind.Absolute);
        _authorization = "Bearer " + options.ApiKey;
        _userAgent = $"QwenApi.Extensions.AI/{s_version}" + (string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? string.Empty : " " + options.UserAgentSuffix.Trim());
        Errors = new QwenExceptionFactory(options.ApiKey!);
        _logger = options.LoggerFactory?.CreateLogger("QwenApi.Extensions.AI.QwenChatClient") ?? NullLogger.Instance;
        _pipeline = QwenRetryPolicy.Build(options, _logger);
    }

    public QwenExceptionFactory Errors { get; }

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
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ReadErrorAsync(response, attempt).ConfigureAwait(false);
        }
    }

    private async Task<QwenApiException> ReadErrorAsync(HttpResponseMessage response, AttemptScope attempt)
    {
        const int MaxErrorBody = 64 * 1024;
        byte[] buffer = new byte[MaxErrorBody];
        int length = 0;
        try
        {
            var content = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt);
            await using (content.ConfigureAwait(false))
            {
                int read;
                while (length < MaxErrorBody && (read = await content.ReadAsync(buffer.AsMemory(length), attempt.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A truncated error body still tells the status; keep what arrived.
        }

        int status = (int)response.StatusCode;
        TimeSpan? retryAfter = RetryAfterParser.Parse(response.Headers, _options.TimeProvider);
        QwenApiException error;
        if (status is >= 300 and < 400)
        {
            string target = response.Headers.Location is { IsAbsoluteUri: true } location ? location.Host : "another location";
            error = Errors.Create(response.StatusCode, new ErrorBodyParser.ParsedError(
                $"the endpoint redirected to {target}; the client does not follow redirects so the API key is never sent elsewhere. Point QwenClientOptions.Endpoint at the final address.",
                null, null, null, null, null, true), ResponseHeaders.RequestId(response), null);
        }
        else
        {
            error = Errors.FromResponse(response.StatusCode, buffer.AsSpan(0, length), ResponseHeaders.RequestId(response), retryAfter);
        }

        error.IsTransient = status is 408 or 429 or 500 or 502 or 503 or 504 && error is not QwenInsufficientCreditsException;
        return error;
    }
}
