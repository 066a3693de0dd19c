namespace QwenApi.Extensions.AI;

/// <summary>
/// A cancellation source driven by an <see cref="ITimer"/> from the injected <see cref="TimeProvider"/>, so every
/// timeout can be armed, re-armed and disarmed, and tests can move time with a fake clock. Its token is also canceled
/// by the parent token it is linked to, so a scope needs this one source rather than a timer source plus a linked one.
/// </summary>
internal sealed class DeadlineTimer : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly ITimer _timer;

    public DeadlineTimer(TimeProvider time, CancellationToken parent)
    {
        // A parent that can never be canceled (CancellationToken.None) needs no link and no registration.
        _source = parent.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(parent) : new CancellationTokenSource();
        _timer = time.CreateTimer(static state => Fire((DeadlineTimer)state!), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the token canceled when the timer fires or the parent token is canceled.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets a value indicating whether the timer (not the parent) fired.</summary>
    public bool Fired { get; private set; }

    /// <summary>The duration of the last arming, reported when the timer fires.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Arms the timer for <paramref name="delay"/> from now; <see cref="Timeout.InfiniteTimeSpan"/> disarms it (an earlier arming must not linger).</summary>
    public void Arm(TimeSpan delay)
    {
        Duration = delay;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    public void Disarm() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _timer.Dispose();
        _source.Dispose();
    }

    private static void Fire(DeadlineTimer timer)
    {
        timer.Fired = true;
        try
        {
            timer._source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended between the timer firing and this callback running.
        }
    }
}
