namespace QwenApi.Extensions.AI;

/// <content>Waiting out a pause that a 429 of this or another client set on the shared coordinator.</content>
internal sealed partial class QwenTransport
{
    /// <summary>
    /// Before an attempt (and before its timers start): if the coordinator holds a pause for this endpoint and key, waits
    /// until it ends plus a jitter of up to 10% (at most 1 s), so callers released together do not return together. A
    /// pause that would outlast the overall deadline fails at once with the rate-limit exception, as a long
    /// <c>Retry-After</c> does.
    /// </summary>
    private async ValueTask WaitForPauseAsync(CallScope call)
    {
        if (_options.RateLimitCoordinator is not { } coordinator
            || await coordinator.GetPausedUntilAsync(_pauseScope, call.Token).ConfigureAwait(false) is not { } until)
        {
            return;
        }

        TimeSpan wait = until - _options.TimeProvider.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        wait += TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Math.Min(wait.Ticks * 0.1, TimeSpan.TicksPerSecond)));
        if (wait >= call.Remaining)
        {
            var info = new QwenErrorInfo
            {
                Message = $"Requests to {_chatCompletionsUri.Host} with this key are paused for {wait.TotalSeconds:0.###} s more (a 429 with Retry-After seen through QwenClientOptions.RateLimitCoordinator), longer than the time left before QwenClientOptions.OverallTimeout: failing now instead of waiting.",
                StatusCode = System.Net.HttpStatusCode.TooManyRequests,
                RetryAfter = wait,
            };
            throw new QwenRateLimitException(info);
        }

        await Task.Delay(wait, _options.TimeProvider, call.Token).ConfigureAwait(false);
        QwenMetrics.Waited(_chatCompletionsUri, "pause", wait);
    }

    /// <summary>After a 429 that named a wait: every client sharing the coordinator pauses new attempts until then.</summary>
    private ValueTask SharePauseAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        if (_options.RateLimitCoordinator is not { } coordinator)
        {
            return default;
        }

        QwenMetrics.Paused(_chatCompletionsUri);
        return coordinator.PauseAsync(_pauseScope, SaturatingAdd(_options.TimeProvider.GetUtcNow(), retryAfter), cancellationToken);
    }

    private static DateTimeOffset SaturatingAdd(DateTimeOffset now, TimeSpan wait) =>
        wait >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + wait;
}
