using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are armed and when they are due, so a test can jump
/// the clock straight to the next due timer (see <see cref="ClockDriver"/>) instead of guessing step sizes, and can
/// wait for "a timer was armed" as a signal instead of sleeping.
/// </summary>
internal sealed class TrackingTimeProvider : FakeTimeProvider
{
    // One reentrant monitor serializes arming a timer with moving the clock (and the callbacks Advance runs inline):
    // otherwise a timer could be recorded as due at T while the clock moves past T before it is really armed.
    private readonly object _lock = new();
    private readonly HashSet<TrackedTimer> _pending = [];
    private readonly List<TimeSpan> _armed = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _liveTimers;

    public TrackingTimeProvider()
        : base(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets every finite due time a timer was armed with, in order (the waits the code under test asked for).</summary>
    public IReadOnlyList<TimeSpan> ArmedDelays
    {
        get
        {
            lock (_lock)
            {
                return [.. _armed];
            }
        }
    }

    /// <summary>Gets how many timers were created and not yet disposed (every scope of the client must dispose its timers).</summary>
    public int LiveTimers => Volatile.Read(ref _liveTimers);

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Gets a task that completes the next time a timer is armed, disarmed, fires or is disposed.</summary>
    public Task WhenChanged()
    {
        lock (_lock)
        {
            return _changed.Task;
        }
    }

    /// <summary>Gets the due time of the earliest armed timer, if any.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            DateTimeOffset? next = null;
            foreach (TrackedTimer timer in _pending)
            {
                if (timer.DueAt is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>Waits (on signals, not time) until <paramref name="condition"/> over the armed timers holds.</summary>
    public async Task WaitUntilAsync(Func<TrackingTimeProvider, bool> condition)
    {
        while (true)
        {
            Task changed = WhenChanged();
            if (condition(this))
            {
                return;
            }

            await ClockDriver.Guard(changed);
        }
    }

    /// <summary>Moves the clock to the earliest armed timer (firing it), if one is armed, and tells how far it moved.</summary>
    public bool TryAdvanceToNextTimer(out TimeSpan step)
    {
        lock (_lock)
        {
            step = TimeSpan.Zero;
            if (NextDue() is not { } due)
            {
                return false;
            }

            DateTimeOffset now = GetUtcNow();
            step = due > now ? due - now : TimeSpan.Zero;
            Advance(step);
            return true;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _liveTimers);
        var tracked = new TrackedTimer(this, callback, state);
        tracked.Inner = base.CreateTimer(static s => ((TrackedTimer)s!).Fire(), tracked, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = tracked.Change(dueTime, period);
        return tracked;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Update(TrackedTimer timer, DateTimeOffset? dueAt, TimeSpan? armedFor)
    {
        lock (_lock)
        {
            timer.DueAt = dueAt;
            if (dueAt is null)
            {
                _pending.Remove(timer);
            }
            else
            {
                _pending.Add(timer);
            }

            if (armedFor is { } delay)
            {
                _armed.Add(delay);
            }

            // Continuations run asynchronously, so completing the signal under the lock runs no foreign code here.
            _changed.TrySetResult();
            _changed = NewSignal();
        }
    }

    private sealed class TrackedTimer(TrackingTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                _period = period;
                bool armed = dueTime != Timeout.InfiniteTimeSpan;
                clock.Update(this, armed ? clock.GetUtcNow() + dueTime : null, armed ? dueTime : null);
                return Inner.Change(dueTime, period);
            }
        }

        public void Fire()
        {
            lock (clock._lock)
            {
                clock.Update(this, _period == Timeout.InfiniteTimeSpan || DueAt is null ? null : DueAt + _period, null);
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    Interlocked.Decrement(ref clock._liveTimers);
                }

                clock.Update(this, null, null);
                Inner.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
