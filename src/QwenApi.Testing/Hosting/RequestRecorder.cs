namespace QwenApi.Testing;

/// <summary>The requests received so far, in arrival order, and waiters for requests to come. Thread-safe.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _lock = new();
    private readonly List<SimulatorRequest> _requests = [];
    private readonly List<KeyValuePair<int, TaskCompletionSource<SimulatorRequest>>> _waiters = [];
    private int _sequence;

    /// <summary>Hands out the next 1-based request number.</summary>
    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(SimulatorRequest request)
    {
        List<TaskCompletionSource<SimulatorRequest>> ready = [];
        lock (_lock)
        {
            // Concurrent requests may record out of sequence order; insert so the list stays in arrival order.
            var index = _requests.Count;
            while (index > 0 && _requests[index - 1].Sequence > request.Sequence)
            {
                index--;
            }

            _requests.Insert(index, request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Key == request.Sequence)
                {
                    ready.Add(_waiters[i].Value);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in ready)
        {
            _ = waiter.TrySetResult(request);
        }
    }

    /// <summary>Gets request number <paramref name="sequence"/> once it is recorded (at once if it already is).</summary>
    public Task<SimulatorRequest> WaitAsync(int sequence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var recorded = _requests.Find(r => r.Sequence == sequence);
            if (recorded is not null)
            {
                return Task.FromResult(recorded);
            }

            var waiter = new TaskCompletionSource<SimulatorRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(new(sequence, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
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
