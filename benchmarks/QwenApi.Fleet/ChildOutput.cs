using System.Text;

namespace QwenApi.Fleet;

/// <summary>The last lines a child process wrote to one of its streams, for error messages. Thread-safe.</summary>
internal sealed class ChildOutput
{
    private const int MaxLines = 20;
    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lock)
        {
            _lines.Enqueue(line.Trim());
            if (_lines.Count > MaxLines)
            {
                _ = _lines.Dequeue();
            }
        }
    }

    /// <summary>The lines kept, joined into one line.</summary>
    public string OneLine()
    {
        lock (_lock)
        {
            return _lines.Count == 0 ? "(no output)" : new StringBuilder().AppendJoin(" | ", _lines).ToString();
        }
    }
}
