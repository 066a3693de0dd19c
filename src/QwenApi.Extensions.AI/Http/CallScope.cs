namespace QwenApi.Extensions.AI;

/// <summary>
/// One call: the request every attempt sends, its cancellation (the caller's token plus the overall deadline,
/// <see cref="QwenClientOptions.OverallTimeout"/>, and what is needed to tell which of them ended it), its attempt count,
/// and the rate-limit permits it holds.
/// </summary>
/// <remarks>
/// What every attempt needs lives here rather than in the state handed through the retry pipeline: every async frame of
/// the pipeline copies that state, so one reference there is cheaper than the fields it would carry.
/// </remarks>
internal sealed class CallScope : IDisposable
{
    private readonly DeadlineTimer? _overall;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TimeSpan _overallTimeout;

    /// <param name="callerToken">The caller's token.</param>
    /// <param name="options">The client's options (clock and overall deadline).</param>
    /// <param name="body">The request body, re-sent by every attempt and only read.</param>
    /// <param name="rateLimitScope">The coordinator scope attempts are admitted in, or <see langword="null"/> when nothing governs them.</param>
    /// <param name="estimate">The call's token estimate, admitted for every attempt.</param>
    public CallScope(CancellationToken callerToken, QwenClientOptions options, ReadOnlyMemory<byte> body = default, string? rateLimitScope = null, TokenEstimate estimate = default)
    {
        CallerToken = callerToken;
        Body = body;
        RateLimitScope = rateLimitScope;
        Estimate = estimate;
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

    /// <summary>Gets the request body; nobody writes it after the client built it, so attempts and enumerations share it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the coordinator scope of the call, or <see langword="null"/> when no coordinator or limiter governs its attempts.</summary>
    public string? RateLimitScope { get; }

    /// <summary>Gets the call's token estimate for the coordinator and the token limiter.</summary>
    public TokenEstimate Estimate { get; }

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
