namespace QwenApi.Testing;

/// <summary>
/// The queued scripted responses: one FIFO per marker (checked first, markers in the order first used) and a
/// global FIFO. Thread-safe.
/// </summary>
internal sealed class SimulatorScript
{
    private readonly Lock _lock = new();
    private readonly Queue<SimulatorResponse> _global = new();
    private readonly List<KeyValuePair<string, Queue<SimulatorResponse>>> _byMarker = [];

    public void Enqueue(SimulatorResponse response)
    {
        lock (_lock)
        {
            _global.Enqueue(response);
        }
    }

    public void Enqueue(string marker, SimulatorResponse response)
    {
        lock (_lock)
        {
            foreach (var (existing, queue) in _byMarker)
            {
                if (existing.Equals(marker, StringComparison.Ordinal))
                {
                    queue.Enqueue(response);
                    return;
                }
            }

            var created = new Queue<SimulatorResponse>();
            created.Enqueue(response);
            _byMarker.Add(new(marker, created));
        }
    }

    /// <summary>Takes the response for a request whose last user message is <paramref name="lastUserMessage"/>.</summary>
    public SimulatorResponse? TryDequeue(string? lastUserMessage)
    {
        lock (_lock)
        {
            if (lastUserMessage is not null)
            {
                foreach (var (marker, queue) in _byMarker)
                {
                    if (queue.Count > 0 && lastUserMessage.Contains(marker, StringComparison.Ordinal))
                    {
                        return queue.Dequeue();
                    }
                }
            }

            return _global.TryDequeue(out var response) ? response : null;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _global.Clear();
            _byMarker.Clear();
        }
    }
}
