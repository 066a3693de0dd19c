using System.Text;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Assembles tool calls from fragments keyed by <c>index</c>, with Qwen's quirks: only the first fragment of an index
/// carries <c>id</c> and <c>function.name</c>, later ones carry <c>"id":""</c> and argument pieces, and a trailing
/// fragment may carry <c>"arguments":""</c> or <c>"function":{}</c>. The first non-empty id and name win. Calls arrive one
/// index after another, so a call is complete when the next index starts or the stream finishes.
/// </summary>
internal sealed class ToolCallAccumulator
{
    private readonly List<Entry> _entries = [];
    private int _completed;

    public bool HasPending => _completed < _entries.Count;

    /// <summary>Adds a fragment; returns <see langword="true"/> when it starts a call with a new index.</summary>
    public bool Add(int index, string? id, string? name, string? arguments)
    {
        Entry? entry = null;
        for (int i = _completed; i < _entries.Count; i++)
        {
            if (_entries[i].Index == index)
            {
                entry = _entries[i];
                break;
            }
        }

        bool startsNew = entry is null;
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

        return startsNew;
    }

    /// <summary>Completes every open call except the one with <paramref name="openIndex"/>, adding them to <paramref name="contents"/> in index order.</summary>
    public void CompleteAllExcept(int openIndex, IList<AIContent> contents)
    {
        for (int i = _completed; i < _entries.Count; i++)
        {
            if (_entries[i].Index == openIndex)
            {
                // Move the open call to the end so completed ones stay contiguous.
                Entry open = _entries[i];
                _entries.RemoveAt(i);
                _entries.Add(open);
                CompleteRange(_completed, _entries.Count - 1, contents);
                return;
            }
        }

        CompleteAll(contents);
    }

    public void CompleteAll(IList<AIContent> contents) => CompleteRange(_completed, _entries.Count, contents);

    private void CompleteRange(int start, int end, IList<AIContent> contents)
    {
        if (end - start > 1)
        {
            _entries.Sort(start, end - start, Comparer<Entry>.Create(static (a, b) => a.Index.CompareTo(b.Index)));
        }

        for (int i = start; i < end; i++)
        {
            Entry entry = _entries[i];
            string arguments = entry.Arguments?.ToString() ?? entry.FirstArguments ?? string.Empty;
            contents.Add(ResponseMapping.CreateFunctionCall(entry.Id ?? string.Empty, entry.Name ?? string.Empty, arguments));
        }

        _completed = end;
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
