using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>Log events. They carry statuses, codes, delays and request ids only: never content, headers or the key.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Qwen call attempt {Attempt} failed ({Reason}, HTTP status {Status}); retrying in {DelayMilliseconds} ms.")]
    public static partial void Retrying(ILogger logger, int attempt, string reason, int? status, double delayMilliseconds);

    [LoggerMessage(2, LogLevel.Warning, "Qwen call failed after {Attempts} attempt(s): {Reason} (HTTP status {Status}, code {Code}, request id {RequestId}).")]
    public static partial void Failed(ILogger logger, int attempts, string reason, int? status, string? code, string? requestId);

    [LoggerMessage(3, LogLevel.Debug, "Qwen request: messages[{Index}] ({Role}) holds {ContentType}, which the Qwen protocol cannot carry there; it is not sent.")]
    public static partial void SkippedContent(ILogger logger, int index, string role, string contentType);

    [LoggerMessage(4, LogLevel.Debug, "Qwen request: messages[{Index}] ({Role}) has nothing the Qwen protocol can carry; the message is not sent.")]
    public static partial void SkippedMessage(ILogger logger, int index, string role);

    [LoggerMessage(5, LogLevel.Warning, "A Microsoft.Extensions.Http.Resilience handler (AddStandardResilienceHandler, AddResilienceHandler or hedging) was removed from the HttpClient \"{HttpClientName}\" of a Qwen chat client: it would retry on top of the client's own retries and cut streams at its total timeout. Tune QwenClientOptions (MaxRetries, timeouts, ConfigureResilience) instead.")]
    public static partial void ResilienceHandlerRemoved(ILogger logger, string httpClientName);

    [LoggerMessage(6, LogLevel.Debug, "Qwen call: reconciling the token lease with the reported usage failed; the estimate stands.")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Qwen call: the rate-limit coordinator's {Operation} failed; the call goes on without it.")]
    public static partial void CoordinatorFailed(ILogger logger, string operation, Exception exception);
}
