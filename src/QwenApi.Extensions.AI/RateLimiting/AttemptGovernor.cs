using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Admits one attempt before it exists (so waits never count against the attempt's own timeouts): the shared
/// coordinator first (one <see cref="QwenRateLimitCoordinator.AdmitAsync"/> per try: pause, windows and server budget),
/// waiting and asking again as each refusal says; then the request and token limiters of <see cref="QwenClientOptions"/>.
/// It returns one <see cref="AttemptPermits"/> that owns everything granted, or throws with nothing held.
/// </summary>
/// <remarks>
/// Nothing is held across attempts: the caller disposes the permits of a failed attempt before its retry, so a
/// <c>ConcurrencyLimiter</c> can never make a retry wait for the permit of its own call (the deadlock of issue 17).
/// A wait at least as long as the time left before <see cref="QwenClientOptions.OverallTimeout"/> fails at once, and
/// the caller's cancellation ends any wait at once.
/// </remarks>
internal sealed class AttemptGovernor
{
    private readonly QwenClientOptions _options;
    private readonly Uri _uri;
    private readonly QwenRateLimitCoordinator? _coordinator;
    private readonly string _keyScope;
    private readonly ConcurrentDictionary<string, string>? _modelScopes;

    private AttemptGovernor(QwenClientOptions options, Uri requestUri)
    {
        _options = options;
        _uri = requestUri;
        _coordinator = options.RateLimitCoordinator;
        _keyScope = QwenRateLimitCoordinator.GetScope(options.Endpoint, options.ApiKey!);
        if (_coordinator?.Limits?.Scope == QwenRateLimitScope.KeyAndModel)
        {
            _modelScopes = new(StringComparer.Ordinal);
        }
    }

    /// <summary>Gets the shared coordinator, if any.</summary>
    public QwenRateLimitCoordinator? Coordinator => _coordinator;

    /// <summary>Gets a value indicating whether calls need a token estimate (a coordinator or a token limiter).</summary>
    public bool NeedsTokens => _coordinator is not null || _options.TokenRateLimiter is not null;

    /// <summary>A governor when the options set a coordinator or a limiter; otherwise <see langword="null"/> (no layer is added).</summary>
    public static AttemptGovernor? Create(QwenClientOptions options, Uri requestUri) =>
        options.RateLimitCoordinator is null && options.RequestRateLimiter is null && options.TokenRateLimiter is null
            ? null
            : new AttemptGovernor(options, requestUri);

    /// <summary>The coordinator scope of a call to <paramref name="model"/>: per model when the coordinator's limits say so (cached: no hash per call).</summary>
    public string ScopeFor(string? model) =>
        _modelScopes is null || model is null ? _keyScope : _modelScopes.GetOrAdd(model, static (m, key) => key + "|" + m, _keyScope);

    /// <summary>Admits one attempt of <paramref name="estimate"/> in <paramref name="scope"/>; see the type's remarks.</summary>
    public async ValueTask<AttemptPermits> AdmitAsync(CallScope call, string scope, TokenEstimate estimate)
    {
        int tokens = estimate.Tokens;
        QwenRateLimitAdmission? admission = null;
        RateLimitLease? request = null;
        try
        {
            DateTimeOffset admittedAt = _options.TimeProvider.GetUtcNow();
            if (_coordinator is not null)
            {
                (admission, admittedAt) = await AdmitByCoordinatorAsync(_coordinator, call, scope, tokens).ConfigureAwait(false);
            }

            request = await LimiterPermits.AcquireAsync(_options, _uri, _options.RequestRateLimiter, isRequest: true, 1, call).ConfigureAwait(false);
            RateLimitLease? token = await LimiterPermits.AcquireAsync(_options, _uri, _options.TokenRateLimiter, isRequest: false, tokens, call).ConfigureAwait(false);
            return new AttemptPermits(_coordinator is null ? null : scope, admittedAt, admission, request, token, estimate, _coordinator?.Limits?.TokenAccounting ?? QwenTokenAccounting.Admission);
        }
        catch
        {
            admission?.Dispose();
            request?.Dispose();
            throw;
        }
    }

    private async ValueTask<(QwenRateLimitAdmission Admission, DateTimeOffset At)> AdmitByCoordinatorAsync(QwenRateLimitCoordinator coordinator, CallScope call, string scope, int tokens)
    {
        bool queued = false;
        try
        {
            while (true)
            {
                // Stamped before asking, on the coordinator's clock: anything it admits from here on may be missing from
                // this attempt's answer.
                DateTimeOffset asked = coordinator.TimeProvider.GetUtcNow();
                QwenRateLimitAdmission admission = await coordinator.AdmitAsync(scope, tokens, call.Token).ConfigureAwait(false);
                if (admission.IsAdmitted)
                {
                    return (admission, asked);
                }

                if (admission.RetryAfter is not { } retryAfter)
                {
                    throw Refused(admission, null, "waiting cannot help");
                }

                // Up to 10% (at most 1 s) later than asked, so callers released together do not return together; at
                // least 1 ms, so a coordinator answering "now" cannot make this loop spin.
                TimeSpan wait = retryAfter + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Math.Min(Math.Max(0, retryAfter.Ticks) * 0.1, TimeSpan.TicksPerSecond)));
                wait = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
                if (wait >= call.Remaining)
                {
                    throw Refused(admission, wait, "longer than the time left before QwenClientOptions.OverallTimeout: failing now instead of waiting");
                }

                if (!queued && !(queued = coordinator.TryEnterQueue()))
                {
                    throw Refused(admission, wait, $"and {coordinator.Limits?.QueueLimit} call(s) of this process already wait (QwenRateLimitOptions.QueueLimit)");
                }

                // Never longer than a timer accepts: the coordinator is simply asked again then.
                await Task.Delay(wait > QwenRetryPolicy.MaxWait ? QwenRetryPolicy.MaxWait : wait, _options.TimeProvider, call.Token).ConfigureAwait(false);
                QwenMetrics.Waited(_uri, admission.RefusedBy == QwenRateLimitSource.Pause ? "pause" : "window", wait);
            }
        }
        finally
        {
            if (queued)
            {
                coordinator.ExitQueue();
            }
        }
    }

    private QwenRateLimitException Refused(QwenRateLimitAdmission refusal, TimeSpan? wait, string verdict)
    {
        string what = refusal.RefusedBy == QwenRateLimitSource.Pause ? "paused" : "held back by the rate-limit window";
        string wording = wait is { } w ? string.Create(CultureInfo.InvariantCulture, $" for {w.TotalSeconds:0.###} s more") : string.Empty;
        var info = new QwenErrorInfo
        {
            Message = $"Rate limit ({refusal.RefusedBy}): calls to {_uri.Host} with this key are {what}{wording} (QwenClientOptions.RateLimitCoordinator: {refusal.Reason}), {verdict}. Nothing was sent.",
            StatusCode = refusal.RefusedBy == QwenRateLimitSource.Pause ? HttpStatusCode.TooManyRequests : null,
            RetryAfter = wait,
        };
        return new QwenRateLimitException(info, refusal.RefusedBy);
    }
}
