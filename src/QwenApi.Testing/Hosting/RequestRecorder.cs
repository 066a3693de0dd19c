namespace QwenApi.Testing;

/// <summary>The requests received so far, in arrival order. Thread-safe.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _lock = new();
    private readonly List<SimulatorRequest> _requests = [];
    private int _sequence;

    /// <summary>Hands out the next 1-based request number.</summary>
    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(SimulatorRequest request)
    {
        lock (_lock)
        {
            // Concurrent requests may record out of sequence order; insert so the list stays in arrival order.
            var index = _requests.Count;
            while (index > 0 && _requests[index - 1].Sequence > request.Sequence)
            {
                index--;
            }

            _requests.Insert(index, request);
        }
    }

    public SimulatorRequest[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }
}
