using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Keeps every log line at every level, so tests can assert what was logged and that the key never was. The one log
/// capture of the core and Redis tests (the Redis tests compile this file).
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    public ILoggerFactory CreateFactory() => new LoggerFactory([this]);

    /// <summary>The messages of <paramref name="category"/> logged at <paramref name="level"/>, in order.</summary>
    public IReadOnlyList<string> Messages(string category, LogLevel level) =>
        [.. _lines.Where(l => l.Category == category && l.Level == level).Select(l => l.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            IReadOnlyList<KeyValuePair<string, object?>> values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._lines.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception?.ToString(), values));
        }
    }
}
