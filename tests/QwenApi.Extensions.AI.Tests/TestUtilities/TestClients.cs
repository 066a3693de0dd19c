using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// The one way tests build client options, so every setting a test could depend on is written here once:
/// model <c>qwen-plus</c>; 3 retries, 1 s base delay, 8 s max backoff, 60 s Retry-After cap; all three timeouts off, so
/// the only timers are the waits a test turns on (a fake clock jumps straight to the next timer); the given clock, else
/// <see cref="TimeProvider.System"/>. A test that needs the shipped timeouts says so with <see cref="ShippedTimeouts"/>.
/// </summary>
internal static class TestClients
{
    public const string Model = "qwen-plus";

    public static QwenClientOptions Options(QwenSimulator simulator, TimeProvider? time = null, ILoggerFactory? logs = null) =>
        Options(simulator.Endpoint, simulator.ApiKey, time, logs);

    public static QwenClientOptions Options(Uri endpoint, string apiKey, TimeProvider? time = null, ILoggerFactory? logs = null) => new()
    {
        ApiKey = apiKey,
        Endpoint = endpoint,
        ModelId = Model,
        TimeProvider = time ?? TimeProvider.System,
        LoggerFactory = logs,
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(8),
        MaxRetryAfter = TimeSpan.FromSeconds(60),
        OverallTimeout = Timeout.InfiniteTimeSpan,
        ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
        StreamIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    public static QwenChatClient Create(QwenSimulator simulator, TimeProvider? time = null, Action<QwenClientOptions>? configure = null, ILoggerFactory? logs = null)
    {
        QwenClientOptions options = Options(simulator, time, logs);
        configure?.Invoke(options);
        return new QwenChatClient(options);
    }

    /// <summary>A client of a <see cref="RawHttpServer"/>; it sends through <paramref name="http"/> when given.</summary>
    public static QwenChatClient Create(RawHttpServer server, TimeProvider? time = null, Action<QwenClientOptions>? configure = null, HttpClient? http = null)
    {
        QwenClientOptions options = Options(server.Endpoint, RawHttpServer.ApiKey, time);
        configure?.Invoke(options);
        return http is null ? new QwenChatClient(options) : new QwenChatClient(options, http);
    }

    /// <summary>Turns the library's own timeouts back on at their defaults, for a test whose point includes them being armed.</summary>
    public static QwenClientOptions ShippedTimeouts(this QwenClientOptions options)
    {
        var shipped = new QwenClientOptions();
        (options.OverallTimeout, options.ResponseHeadersTimeout, options.StreamIdleTimeout) =
            (shipped.OverallTimeout, shipped.ResponseHeadersTimeout, shipped.StreamIdleTimeout);
        return options;
    }

    /// <summary>A fake clock that starts at a fixed instant, for tests that move time.</summary>
    public static FakeTimeProvider FakeTime() => new(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
}
