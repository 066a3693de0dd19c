using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>Keeps every log entry (category, level, message) written through it.</summary>
internal sealed class ListLogger : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public IReadOnlyList<string> Messages(string category, LogLevel level) =>
        [.. Entries.Where(e => e.Category == category && e.Level == level).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ListLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
