using System.Reflection;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The HTTP exchange of one attempt: sends the call's request to the endpoint, tells the coordinator what the server's
/// headers said, and hands back a 2xx response whose body can be read, or throws the typed error of any other answer.
/// Also reads a whole 2xx body within <see cref="QwenClientOptions.MaxResponseBytes"/>.
/// </summary>
/// <param name="http">The client that sends (owned by the transport).</param>
/// <param name="options">The validated copy of the client's options.</param>
/// <param name="requestUri">The endpoint.</param>
/// <param name="signals">Tells the coordinator what the server said, or <see langword="null"/> without one.</param>
/// <param name="errors">Reads a non-2xx answer.</param>
/// <param name="failures">Types the failures this class finds itself.</param>
internal sealed class AttemptSender(HttpClient http, QwenClientOptions options, Uri requestUri, ServerSignals? signals, ErrorResponseReader errors, FailureTranslator failures)
{
    // A declared Content-Length up to this size is rented at once; a larger (or unknown) one grows by doubling.
    private const int MaxPresizedBody = 16 * 1024 * 1024;

    private static readonly string s_version = typeof(AttemptSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly string _authorization = "Bearer " + options.ApiKey;
    private readonly string _userAgent = $"QwenApi.Extensions.AI/{s_version}" + (string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? string.Empty : " " + options.UserAgentSuffix.Trim());
    private readonly long _maxResponseBytes = options.MaxResponseBytes;

    /// <summary>
    /// Sends <see cref="CallScope.Body"/> for <paramref name="attempt"/> and returns the 2xx response, which the caller
    /// owns; any other answer is read, disposed and thrown as its typed exception.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(AttemptScope attempt, bool stream)
    {
        attempt.Call.Attempts++;
        using var request = new HttpRequestMessage(HttpMethod.Post, requestUri)
        {
            Content = new ReadOnlyMemoryContent(attempt.Call.Body),
        };

        // Pre-formatted values added without validation: the typed setters and the Accept collection allocate a parsed
        // header object and a store entry per request; these are the same bytes on the wire.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        request.Headers.TryAddWithoutValidation("Accept", stream ? "text/event-stream" : "application/json");

        HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        attempt.EnterBody();
        QwenServerRateLimits? limits = signals is null ? null : await signals.ObserveAsync(response, attempt.Call, attempt.Token).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            if (ResponseHeaders.UndecodedEncoding(response) is { } encoding)
            {
                using (response)
                {
                    throw failures.Undecoded(encoding, response);
                }
            }

            return response;
        }

        using (response)
        {
            throw await errors.ReadAsync(response, attempt, limits).ConfigureAwait(false);
        }
    }

    /// <summary>What to rent for a body: right-sized when Content-Length is known (+1 so the final zero-length read needs no growth).</summary>
    public int BodyCapacity(HttpResponseMessage response) =>
        response.Content.Headers.ContentLength is { } declared && declared > 0 && declared < Math.Min(MaxPresizedBody, _maxResponseBytes)
            ? (int)declared + 1
            : 4096;

    /// <summary>
    /// Reads a whole body into <paramref name="buffer"/> (the caller's), at most <see cref="QwenClientOptions.MaxResponseBytes"/>
    /// (plus the one byte that tells it is over). The idle timeout covers every read that waits, as for streams.
    /// </summary>
    public async Task ReadBodyAsync(HttpResponseMessage response, AttemptScope attempt, PooledBufferWriter buffer)
    {
        var body = new ResponseBodyStream(
            await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false), attempt, _maxResponseBytes, nameof(QwenClientOptions.MaxResponseBytes));
        await using (body.ConfigureAwait(false))
        {
            int read;
            while ((read = await body.ReadAsync(buffer.GetMemory(), attempt.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Advance(read);
            }
        }
    }
}
