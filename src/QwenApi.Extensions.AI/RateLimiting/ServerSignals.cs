using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Tells the shared coordinator what the server said, so that the server stays the truth: the <c>x-ratelimit-*</c> values
/// of every answer (success and error) as <see cref="QwenRateLimitCoordinator.ObserveAsync"/>, and after a 429 a pause of
/// the attempt's scope until the later of <c>Retry-After</c> and the reset of the limit it reports.
/// </summary>
/// <remarks>
/// Feedback never fails a call: a coordinator that throws is logged and ignored. Instants given to the coordinator are
/// read on its own clock (<see cref="QwenRateLimitCoordinator.TimeProvider"/>), the one it compares them with.
/// </remarks>
internal sealed class ServerSignals(QwenRateLimitCoordinator coordinator, Uri requestUri, ILogger logger)
{
    private readonly TimeProvider _time = coordinator.TimeProvider;

    /// <summary>
    /// Reads the answer's rate-limit headers and records them for the attempt's scope; <see langword="null"/> (without
    /// allocating) when the answer carries none or the attempt went through no coordinator.
    /// </summary>
    public async ValueTask<QwenServerRateLimits?> ObserveAsync(HttpResponseMessage response, CallScope call, CancellationToken cancellationToken)
    {
        if (call.Permits is not { Scope: { } scope } permits
            || ServerRateLimitHeaders.Read(response.Headers, _time.GetUtcNow(), permits.AdmittedAt) is not { } limits)
        {
            return null;
        }

        try
        {
            await coordinator.ObserveAsync(scope, limits, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CoordinatorFailed(logger, nameof(QwenRateLimitCoordinator.ObserveAsync), ex);
        }

        return limits;
    }

    /// <summary>
    /// After a 429: pauses the attempt's scope for every client sharing the coordinator, until the later of
    /// <paramref name="retryAfter"/> and the reset of the limit <paramref name="error"/> reports; without either hint, no pause.
    /// </summary>
    public async ValueTask PauseAsync(QwenRateLimitException error, TimeSpan? retryAfter, QwenServerRateLimits? limits, CallScope call, CancellationToken cancellationToken)
    {
        if (call.Permits is not { Scope: { } scope }
            || RateLimitedAnswer.PauseUntil(_time.GetUtcNow(), retryAfter, error.Limit, limits) is not { } until)
        {
            return;
        }

        QwenMetrics.Paused(requestUri);
        try
        {
            await coordinator.PauseAsync(scope, until, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CoordinatorFailed(logger, nameof(QwenRateLimitCoordinator.PauseAsync), ex);
        }
    }
}
