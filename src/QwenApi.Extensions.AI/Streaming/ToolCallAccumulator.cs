using System.Text;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Assembles tool calls from fragments keyed by <c>index</c>, one call per index whatever order the fragments come in
/// (0, 1, 0 is two calls, not three), with Qwen's quirks: only the first fragment of an index carries <c>id</c> and
/// <c>function.name</c>, later ones carry <c>"id":""</c> and argument pieces, and a trailing fragment may carry
/// <c>"arguments":""</c> or <c>"function":{}</c>. The first non-empty id and name win; argument pieces are joined in
/// arrival order. Calls are handed out together, in index order, when the caller says the choice is complete.
/// </summary>
internal sealed class ToolCallAccumulator
{
    private readonly List<Entry> _entries = [];

    public bool HasPending => _entries.Count > 0;

    public void Add(int index, string? id, string? name, string? arguments)
    {
        Entry? entry = null;
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Index == index)
            {
                entry = _entries[i];
                break;
            }
        }

        if (entry is null)
        {
            entry = new Entry(index);
            _entries.Add(entry);
        }

        if (entry.Id is null && !string.IsNullOrEmpty(id))
        {
            entry.Id = id;
        }

        if (entry.Name is null && !string.IsNullOrEmpty(name))
        {
            entry.Name = name;
        }

        if (!string.IsNullOrEmpty(arguments))
        {
            // Most calls arrive in one or two pieces: keep the first as it is and only build when a second arrives.
            if (entry.FirstArguments is null)
            {
                entry.FirstArguments = arguments;
            }
            else
            {
                (entry.Arguments ??= new StringBuilder(entry.FirstArguments)).Append(arguments);
            }
        }
    }

    /// <summary>Adds every call assembled so far to <paramref name="contents"/>, in index order, and starts afresh.</summary>
    public void CompleteAll(IList<AIContent> contents)
    {
        if (_entries.Count > 1)
        {
            _entries.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        }

        foreach (Entry entry in _entries)
        {
            string arguments = entry.Arguments?.ToString() ?? entry.FirstArguments ?? string.Empty;
            contents.Add(ResponseMapping.CreateFunctionCall(entry.Id ?? string.Empty, entry.Name ?? string.Empty, arguments));
        }

        _entries.Clear();
    }

    private sealed class Entry(int index)
    {
        public int Index { get; } = index;

        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? FirstArguments { get; set; }

        public StringBuilder? Arguments { get; set; }
    }
}
