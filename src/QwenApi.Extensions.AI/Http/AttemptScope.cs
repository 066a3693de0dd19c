namespace QwenApi.Extensions.AI;

/// <summary>
/// Cancellation for one HTTP attempt. One timer serves two phases in turn: waiting for response headers
/// (<see cref="QwenClientOptions.ResponseHeadersTimeout"/>), then reading the body, where it is armed while a read waits for
/// data and disarmed when the read returns (reads served from buffered bytes never touch it) (<see cref="QwenClientOptions.StreamIdleTimeout"/>), so a slow consumer is never blamed on the server.
/// </summary>
internal sealed class AttemptScope : IDisposable
{
    private readonly DeadlineTimer _timer;
    private readonly TimeSpan _headersTimeout;
    private readonly TimeSpan _idleTimeout;

    public AttemptScope(CallScope call, QwenClientOptions options)
    {
        Call = call;
        _headersTimeout = options.ResponseHeadersTimeout;
        _idleTimeout = options.StreamIdleTimeout;
        _timer = new DeadlineTimer(options.TimeProvider, call.Token);
        _timer.Arm(_headersTimeout);
    }

    public CallScope Call { get; }

    public CancellationToken Token => _timer.Token;

    /// <summary>Gets a value indicating whether the response headers arrived (the body phase began).</summary>
    public bool InBody { get; private set; }

    public bool TimedOut => _timer.Fired;

    public TimeSpan FiredTimeout => _timer.Duration;

    public void EnterBody()
    {
        InBody = true;
        _timer.Disarm();
    }

    public void BeforeRead() => _timer.Arm(_idleTimeout);

    public void AfterRead() => _timer.Disarm();

    public void Dispose() => _timer.Dispose();
}
