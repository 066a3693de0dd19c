namespace QwenApi.Extensions.AI;

/// <summary>
/// Cancellation for one call: the caller's token plus the overall deadline (<see cref="QwenClientOptions.OverallTimeout"/>),
/// and what is needed to tell which of them ended it. Also counts attempts.
/// </summary>
internal sealed class CallScope : IDisposable
{
    private readonly DeadlineTimer? _overall;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TimeSpan _overallTimeout;

    public CallScope(CancellationToken callerToken, QwenClientOptions options)
    {
        CallerToken = callerToken;
        _time = options.TimeProvider;
        _started = _time.GetTimestamp();
        _overallTimeout = options.OverallTimeout;
        if (_overallTimeout != Timeout.InfiniteTimeSpan)
        {
            _overall = new DeadlineTimer(_time, callerToken);
            _overall.Arm(_overallTimeout);
        }
    }

    public CancellationToken CallerToken { get; }

    /// <summary>Gets the token every attempt of the call observes: caller and overall deadline.</summary>
    public CancellationToken Token => _overall?.Token ?? CallerToken;

    public bool OverallTimedOut => _overall?.Fired == true;

    public TimeSpan OverallTimeout => _overallTimeout;

    public int Attempts { get; set; }

    /// <summary>Gets or sets the delay chosen when the last failure was judged retryable, so the wait is the one checked against the deadline.</summary>
    public TimeSpan? NextDelay { get; set; }

    /// <summary>Gets the time left before the overall deadline, or <see cref="TimeSpan.MaxValue"/> without one.</summary>
    public TimeSpan Remaining =>
        _overall is null ? TimeSpan.MaxValue : _overallTimeout - _time.GetElapsedTime(_started);

    /// <summary>Stops the overall deadline once a stream's first update reached the caller: from then on only the idle timeout applies.</summary>
    public void StopOverallDeadline() => _overall?.Disarm();

    /// <summary>
    /// Gets the rate-limit permits of the attempt that runs, or of the one that succeeded: the call owns at most one
    /// attempt's permits at a time. A failed attempt's are released (<see cref="ReleaseAttempt"/>) before its retry
    /// asks afresh; a successful attempt's are kept (a concurrency limiter counts the whole call, a stream included)
    /// until the call ends.
    /// </summary>
    public AttemptPermits? Permits { get; private set; }

    /// <summary>Takes ownership of the permits of the attempt about to run.</summary>
    public void Admit(AttemptPermits permits)
    {
        Permits?.Dispose();
        Permits = permits;
    }

    /// <summary>Releases the permits of an attempt that failed.</summary>
    public void ReleaseAttempt()
    {
        Permits?.Dispose();
        Permits = null;
    }

    public void Dispose()
    {
        _overall?.Dispose();
        ReleaseAttempt();
    }
}
