using System.Text;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Assembles tool calls from fragments, with Qwen's quirks: only the first fragment of a call carries <c>id</c> and
/// <c>function.name</c>, later ones carry <c>"id":""</c> and argument pieces, and a trailing fragment may carry
/// <c>"arguments":""</c> or <c>"function":{}</c>. Argument pieces are joined in arrival order.
/// <para>
/// Which call a fragment belongs to, so that no call is lost or merged into another:
/// a non-empty <c>id</c> already seen names its call (servers that repeat the id on every fragment);
/// an <c>index</c> names the call last started at that index (0, 1, 0 is two calls, not three) unless the fragment's
/// id or name differs from the one held there, which starts a new call at the same index;
/// a fragment without <c>index</c> (some OpenAI-compatible servers omit it) starts a new call when it carries a new id,
/// or a name while the most recent call already has one, and otherwise continues the most recent call, as an
/// OpenAI-style stream means. A call started without an index takes the next index after those seen.
/// </para>
/// Calls are handed out together, by index (and by arrival within an index), when the caller says the choice is complete.
/// The unary reader feeds a complete <c>tool_calls</c> array through the same rules, so both paths agree.
/// </summary>
internal sealed class ToolCallAccumulator
{
    private readonly List<Entry> _entries = [];
    private Entry? _last;
    private int _nextIndex;

    public bool HasPending => _entries.Count > 0;

    /// <param name="index">The fragment's <c>index</c>, or <see langword="null"/> when it has none.</param>
    /// <param name="id">The fragment's <c>id</c>; empty is the same as absent (Qwen sends <c>"id":""</c> on later fragments).</param>
    /// <param name="name">The fragment's <c>function.name</c>; empty is the same as absent.</param>
    /// <param name="arguments">An argument piece.</param>
    public void Add(int? index, string? id, string? name, string? arguments)
    {
        if (string.IsNullOrEmpty(id))
        {
            id = null;
        }

        if (string.IsNullOrEmpty(name))
        {
            name = null;
        }

        Entry? entry = (id is null ? null : FindById(id)) ?? (index is { } i ? Continued(i, id, name) : ContinuedWithoutIndex(id, name));
        if (entry is null)
        {
            int at = index ?? _nextIndex;
            entry = new Entry(at, _entries.Count);
            _entries.Add(entry);
            _nextIndex = Math.Max(_nextIndex, at == int.MaxValue ? at : at + 1);
        }

        _last = entry;
        entry.Id ??= id;
        entry.Name ??= name;
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

    /// <summary>Adds every call assembled so far to <paramref name="contents"/>, by index then arrival, and starts afresh.</summary>
    public void CompleteAll(IList<AIContent> contents)
    {
        if (_entries.Count > 1)
        {
            _entries.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Arrival.CompareTo(b.Arrival));
        }

        foreach (Entry entry in _entries)
        {
            string arguments = entry.Arguments?.ToString() ?? entry.FirstArguments ?? string.Empty;
            contents.Add(ResponseMapping.CreateFunctionCall(entry.Id ?? string.Empty, entry.Name ?? string.Empty, arguments));
        }

        _entries.Clear();
        _last = null;
        _nextIndex = 0;
    }

    private Entry? FindById(string id)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Id, id, StringComparison.Ordinal))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The call last started at <paramref name="index"/>, unless the fragment names another (a server that reuses an index).</summary>
    private Entry? Continued(int index, string? id, string? name)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            Entry entry = _entries[i];
            if (entry.Index == index)
            {
                // id is new here (FindById saw none): with an id held at this index, or a name beside it (a first
                // fragment), it is another call's; so is another name. The same name alone is a repeat.
                bool named = name is not null && entry.Name is not null;
                return (id is not null && (entry.Id is not null || named)) || (named && name != entry.Name) ? null : entry;
            }
        }

        return null;
    }

    /// <summary>The most recent call, unless the fragment starts one: a new id, or a name when that call has one.</summary>
    private Entry? ContinuedWithoutIndex(string? id, string? name) =>
        _last is null || (id is not null && _last.Id is not null) || (name is not null && _last.Name is not null) ? null : _last;

    private sealed class Entry(int index, int arrival)
    {
        public int Index { get; } = index;

        public int Arrival { get; } = arrival;

        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? FirstArguments { get; set; }

        public StringBuilder? Arguments { get; set; }
    }
}
