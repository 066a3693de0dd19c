using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>One log line captured by <see cref="LogCapture"/>, fully formatted, with its exception text.</summary>
internal sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, string? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    /// <summary>Gets everything a sink could write for this line: message, exception and every structured value.</summary>
    public string AllText => $"{Message} {Exception} {string.Join(' ', State.Select(p => $"{p.Key}={p.Value}"))}";
}
