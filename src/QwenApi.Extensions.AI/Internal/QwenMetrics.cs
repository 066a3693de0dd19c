using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The client's <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>QwenApi.Extensions.AI</c>), named in the
/// OpenTelemetry style, and the <see cref="Activity"/> events for waits. Every measurement carries <c>server.address</c>
/// and <c>server.port</c> of the endpoint. Documented in the README ("Observability").
/// </summary>
internal static class QwenMetrics
{
    public const string MeterName = "QwenApi.Extensions.AI";

    private static readonly Meter s_meter = new(MeterName, typeof(QwenMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Gets the one meter of that name, which the Redis package's instruments come from too.</summary>
    public static Meter Meter => s_meter;

    /// <summary>Seconds an attempt waited before it was sent: <c>qwen.rate_limit.reason</c> is pause, window (the coordinator's windows or the server's reported budget), request_limiter or token_limiter.</summary>
    private static readonly Histogram<double> s_waitDuration = s_meter.CreateHistogram<double>(
        "qwen.client.rate_limit.wait.duration", "s", "Time an attempt waited for a shared pause, the coordinator's windows or a client-side limiter before it was sent.");

    /// <summary>Permits asked of a client-side limiter: <c>qwen.rate_limit.limiter</c> (request, token) and <c>qwen.rate_limit.outcome</c> (granted, refused).</summary>
    private static readonly Counter<long> s_permits = s_meter.CreateCounter<long>(
        "qwen.client.rate_limit.permits", "{permit}", "Permits granted or refused by QwenClientOptions.RequestRateLimiter and TokenRateLimiter.");

    /// <summary>429 responses received (HTTP status 429).</summary>
    private static readonly Counter<long> s_rateLimited = s_meter.CreateCounter<long>(
        "qwen.client.rate_limit.responses", "{response}", "HTTP 429 responses received from the server.");

    /// <summary>Pauses recorded on a shared coordinator after a 429 (with Retry-After or a reset header).</summary>
    private static readonly Counter<long> s_pauses = s_meter.CreateCounter<long>(
        "qwen.client.rate_limit.pauses", "{pause}", "Pauses shared through QwenClientOptions.RateLimitCoordinator after a 429.");

    public static void Waited(Uri endpoint, string reason, TimeSpan waited)
    {
        TagList tags = Server(endpoint);
        tags.Add("qwen.rate_limit.reason", reason);
        s_waitDuration.Record(waited.TotalSeconds, tags);
        Activity.Current?.AddEvent(new ActivityEvent("qwen.rate_limit.wait", tags: new ActivityTagsCollection
        {
            ["qwen.rate_limit.reason"] = reason,
            ["qwen.rate_limit.wait.duration"] = waited.TotalSeconds,
        }));
    }

    public static void Permits(Uri endpoint, string limiter, int permits, bool granted)
    {
        TagList tags = Server(endpoint);
        tags.Add("qwen.rate_limit.limiter", limiter);
        tags.Add("qwen.rate_limit.outcome", granted ? "granted" : "refused");
        s_permits.Add(permits, tags);
    }

    public static void RateLimitedResponse(Uri endpoint) => s_rateLimited.Add(1, Server(endpoint));

    public static void Paused(Uri endpoint) => s_pauses.Add(1, Server(endpoint));

    private static TagList Server(Uri endpoint) => new() { { "server.address", endpoint.Host }, { "server.port", endpoint.Port } };
}
