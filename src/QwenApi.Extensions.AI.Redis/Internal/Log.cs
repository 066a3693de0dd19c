using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>Source-generated log messages. Keys and connection strings are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Redis failed during a shared rate-limit {Operation}: Qwen rate limits are governed locally in this process, with its share of the limits (by the fleet's last known size), and its pauses, until Redis answers again; trying it again every {RetrySeconds} s.")]
    public static partial void Unreachable(ILogger logger, string operation, double retrySeconds, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Redis answers again: Qwen rate limits and pauses are shared through it again.")]
    public static partial void Reachable(ILogger logger);
}
