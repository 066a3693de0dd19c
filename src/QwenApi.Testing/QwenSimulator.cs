using Microsoft.AspNetCore.Builder;

namespace QwenApi.Testing;

/// <summary>
/// A Qwen-compatible chat-completions and embeddings server on loopback (Kestrel), for tests, offline samples and
/// checking apps without a key. It answers <c>POST {Endpoint}/chat/completions</c> deterministically (text, reasoning,
/// tool calls, usage, streaming with Qwen's quirks) and <c>POST {Endpoint}/embeddings</c> with deterministic unit
/// vectors, serves scripted responses and faults, and records every request.
/// </summary>
/// <example>
/// <code>
/// await using var simulator = await QwenSimulator.StartAsync();
/// simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary&lt;string, string&gt; { ["Retry-After"] = "1" }));
/// // point the client at simulator.Endpoint with simulator.ApiKey
/// </code>
/// </example>
public sealed class QwenSimulator : IAsyncDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly SimulatorContext _context;
    private readonly CancellationTokenSource _shutdown;
    private int _disposed;

    private QwenSimulator(WebApplication app, SimulatorContext context, CancellationTokenSource shutdown)
    {
        _app = app;
        _context = context;
        _shutdown = shutdown;
        Endpoint = new Uri($"http://127.0.0.1:{SimulatorServer.BoundPort(app)}/v1");
    }

    /// <summary>Gets the base address, <c>http://127.0.0.1:{port}/v1</c> (no trailing slash).</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the bearer key the simulator accepts (<see cref="QwenSimulatorOptions.ApiKey"/>).</summary>
    public string ApiKey => _context.Options.ApiKey;

    /// <summary>Gets a snapshot of the requests received so far (every path), in arrival order.</summary>
    public IReadOnlyList<SimulatorRequest> Requests => _context.Recorder.Snapshot();

    /// <summary>Starts a simulator listening on 127.0.0.1.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (key <c>sim-key</c>, ephemeral port).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options have an empty key, a port outside 0 to 65535, no time provider, or a limit, latency or rate-limit setting out of range.</exception>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<QwenSimulator> StartAsync(QwenSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = Snapshot(options ?? new QwenSimulatorOptions());
        var shutdown = new CancellationTokenSource();
        try
        {
            var context = new SimulatorContext(options, shutdown.Token);
            var app = await SimulatorServer.StartAsync(context, options.Port, cancellationToken).ConfigureAwait(false);
            return new QwenSimulator(app, context, shutdown);
        }
        catch
        {
            shutdown.Dispose();
            throw;
        }
    }

    /// <summary>Queues a response for the next request that no marker-scripted response claims (FIFO).</summary>
    /// <param name="response">The response.</param>
    public void Enqueue(SimulatorResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        _context.Script.Enqueue(response);
    }

    /// <summary>
    /// Queues a response for the next request whose last user message contains <paramref name="whenLastUserMessageContains"/>
    /// (ordinal), or, for an embeddings request, one of whose inputs does (so a test can script the batch carrying a given
    /// text). Marker queues are checked before the global one, so concurrent callers can each get their own script.
    /// </summary>
    /// <param name="whenLastUserMessageContains">The marker text.</param>
    /// <param name="response">The response.</param>
    public void Enqueue(string whenLastUserMessageContains, SimulatorResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(whenLastUserMessageContains);
        ArgumentNullException.ThrowIfNull(response);
        _context.Script.Enqueue(whenLastUserMessageContains, response);
    }

    /// <summary>
    /// Waits until request number <paramref name="sequence"/> (1-based, in arrival order) has been recorded, which
    /// happens before it is answered and after its scripted response, if any, was taken from the queue: use it to act
    /// while a request is in flight, for example stalled.
    /// </summary>
    /// <param name="sequence">The request number, as in <see cref="SimulatorRequest.Sequence"/>.</param>
    /// <param name="cancellationToken">Ends the wait. A request recorded and then cleared by <see cref="ClearRequests"/>
    /// is waited for until this token is cancelled.</param>
    /// <returns>The recorded request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task<SimulatorRequest> WaitForRequestAsync(int sequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return _context.Recorder.WaitAsync(sequence, cancellationToken);
    }

    /// <summary>Drops every queued response, global and per marker.</summary>
    public void ClearScript() => _context.Script.Clear();

    /// <summary>Forgets the recorded requests. Sequence numbers keep counting.</summary>
    public void ClearRequests() => _context.Recorder.Clear();

    /// <summary>
    /// Stops the server: ends stalled and dripping responses (their connections are aborted), then stops Kestrel,
    /// aborting connections still open after a few seconds.
    /// </summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(s_stopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    // Copy the options so later changes by the caller do not affect a running simulator.
    private static QwenSimulatorOptions Snapshot(QwenSimulatorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        if (options.RequestsPerMinute is <= 0 || options.TokensPerMinute is <= 0 || options.TokensPerSecond is <= 0 || options.TimeToFirstToken < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RequestsPerMinute, TokensPerMinute and TokensPerSecond must be positive when set, and TimeToFirstToken must not be negative.");
        }

        if (options.AdmissionMaxTokens <= 0 || options.MaxRetryAfterHint <= TimeSpan.Zero
            || !Enum.IsDefined(options.TokenAccounting) || !Enum.IsDefined(options.RateLimitWindow))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "AdmissionMaxTokens and MaxRetryAfterHint (when set) must be positive, and TokenAccounting and RateLimitWindow must be defined values.");
        }

        return new QwenSimulatorOptions
        {
            ApiKey = options.ApiKey, Port = options.Port, TimeProvider = options.TimeProvider,
            AnswerFactory = options.AnswerFactory, ReasoningFactory = options.ReasoningFactory,
            RequestReceived = options.RequestReceived,
            RequestsPerMinute = options.RequestsPerMinute, TokensPerMinute = options.TokensPerMinute,
            TimeToFirstToken = options.TimeToFirstToken, TokensPerSecond = options.TokensPerSecond,
            TokenAccounting = options.TokenAccounting, AdmissionMaxTokens = options.AdmissionMaxTokens,
            RateLimitWindow = options.RateLimitWindow, MaxRetryAfterHint = options.MaxRetryAfterHint,
            SendRetryAfter = options.SendRetryAfter, SendRateLimitHeaders = options.SendRateLimitHeaders,
            ShuffleEmbeddings = options.ShuffleEmbeddings, Base64Embeddings = options.Base64Embeddings,
        };
    }
}
