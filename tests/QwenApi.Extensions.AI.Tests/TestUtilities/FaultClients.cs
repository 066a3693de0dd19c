using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Options for fault tests: every retry setting explicit (3 retries, 1 s base, 8 s max backoff, 60 s Retry-After cap),
/// the fake clock, and all three timeouts off unless a test turns one on, so the only timers are the waits under test.
/// </summary>
internal static class FaultClients
{
    public static QwenClientOptions Options(QwenSimulator simulator, TimeProvider time, ILoggerFactory? logs = null) =>
        Options(simulator.Endpoint, simulator.ApiKey, time, logs);

    public static QwenClientOptions Options(Uri endpoint, string apiKey, TimeProvider time, ILoggerFactory? logs = null) => new()
    {
        ApiKey = apiKey,
        Endpoint = endpoint,
        ModelId = "qwen-plus",
        TimeProvider = time,
        LoggerFactory = logs,
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(8),
        MaxRetryAfter = TimeSpan.FromSeconds(60),
        OverallTimeout = Timeout.InfiniteTimeSpan,
        ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
        StreamIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    public static QwenChatClient Create(QwenSimulator simulator, TimeProvider time, Action<QwenClientOptions>? configure = null, ILoggerFactory? logs = null)
    {
        QwenClientOptions options = Options(simulator, time, logs);
        configure?.Invoke(options);
        return new QwenChatClient(options);
    }

    /// <summary>A client of a <see cref="RawHttpServer"/> with the fault options; it sends through <paramref name="http"/> when given.</summary>
    public static QwenChatClient Create(RawHttpServer server, TimeProvider time, Action<QwenClientOptions>? configure = null, HttpClient? http = null)
    {
        QwenClientOptions options = Options(server.Endpoint, RawHttpServer.ApiKey, time);
        configure?.Invoke(options);
        return http is null ? new QwenChatClient(options) : new QwenChatClient(options, http);
    }

    /// <summary>The simulator's default answer to <paramref name="prompt"/>.</summary>
    public static string AnswerTo(string prompt) => "Simulated answer to: " + prompt;

    /// <summary>Streams a call to the end, collecting each update's text; the exception, if any, is returned, not thrown.</summary>
    public static async Task<StreamOutcome> StreamAsync(IChatClient client, string prompt, CancellationToken cancellationToken = default)
    {
        var texts = new List<string>();
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    texts.Add(update.Text);
                }
            }

            return new StreamOutcome(texts, null);
        }
        catch (Exception ex)
        {
            return new StreamOutcome(texts, ex);
        }
    }

    /// <summary>Makes one call, unary or streamed to the end, and returns what the caller saw; the exception, if any, is returned, not thrown.</summary>
    public static async Task<StreamOutcome> OutcomeAsync(IChatClient client, string prompt, bool stream)
    {
        if (stream)
        {
            return await StreamAsync(client, prompt);
        }

        try
        {
            ChatResponse response = await client.GetResponseAsync(prompt);
            return new StreamOutcome([response.Text], null);
        }
        catch (Exception ex)
        {
            return new StreamOutcome([], ex);
        }
    }

    /// <summary>Makes one call, unary or streamed to the end, and returns the answer text; failures are thrown.</summary>
    public static async Task<string> CallAsync(IChatClient client, string prompt, bool stream, CancellationToken cancellationToken = default)
    {
        if (!stream)
        {
            ChatResponse response = await client.GetResponseAsync(prompt, cancellationToken: cancellationToken);
            return response.Text;
        }

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
