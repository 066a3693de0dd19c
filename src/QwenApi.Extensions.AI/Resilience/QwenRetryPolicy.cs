using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The one retry layer (Polly.Core): which failures are retried, how long to wait, and when to give up at once.
/// Exponential backoff with jitter (the first retry is never immediate); a server's <c>Retry-After</c> is honoured with a
/// little jitter so callers told the same value do not return in lockstep, unless it exceeds
/// <see cref="QwenClientOptions.MaxRetryAfter"/> or the time left, in which case the rate-limit error is thrown at once.
/// </summary>
internal static class QwenRetryPolicy
{
    public static readonly ResiliencePropertyKey<CallScope> CallKey = new("QwenApi.Call");

    public static ResiliencePipeline Build(QwenClientOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider, Name = "QwenChatClient" };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context, args.AttemptNumber, options)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Context.Properties.TryGetValue(CallKey, out CallScope? call) && call.NextDelay is { } chosen
                        ? chosen
                        : ComputeDelay(args.Outcome.Exception, args.AttemptNumber, options)),
                OnRetry = args =>
                {
                    Exception? error = args.Outcome.Exception;
                    Log.Retrying(logger, args.AttemptNumber + 1, Describe(error), (int?)(error as HttpRequestException)?.StatusCode, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        options.ConfigureResilience?.Invoke(builder);
        return builder.Build();
    }

    private static bool ShouldRetry(Exception? error, ResilienceContext context, int attemptNumber, QwenClientOptions options)
    {
        if (error is not QwenApiException { IsTransient: true } qwen || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        TimeSpan delay = ComputeDelay(qwen, attemptNumber, options);
        TimeSpan remaining = context.Properties.TryGetValue(CallKey, out CallScope? call) ? call.Remaining : TimeSpan.MaxValue;
        if (qwen is QwenRateLimitException { RetryAfter: { } retryAfter } && (retryAfter > options.MaxRetryAfter || retryAfter >= remaining))
        {
            return false; // Waiting would exceed the cap or the deadline: report the rate limit now, with RetryAfter set.
        }

        if (delay >= remaining)
        {
            return false; // The deadline would pass during the wait: report the last failure rather than a timeout.
        }

        if (call is not null)
        {
            call.NextDelay = delay;
        }

        return true;
    }

    internal static TimeSpan ComputeDelay(Exception? error, int attemptNumber, QwenClientOptions options)
    {
        if (error is QwenRateLimitException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero)
        {
            // Spread callers over up to 10% (at least 100 ms, at most 2 s) past the requested time.
            double spreadMs = Math.Clamp(retryAfter.TotalMilliseconds * 0.1, 100, 2000);
            return retryAfter + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * spreadMs);
        }

        double baseMs = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
        double cappedMs = Math.Min(baseMs, options.RetryMaxDelay.TotalMilliseconds);

        // "Equal jitter": between half and all of the exponential delay, so the first retry is never immediate.
        return TimeSpan.FromMilliseconds(cappedMs * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    internal static string Describe(Exception? error) => error switch
    {
        QwenTimeoutException timeout => $"timeout ({timeout.Kind})",
        QwenApiException { ErrorCode: { } code } qwen => $"{qwen.GetType().Name} {code}",
        null => "no exception",
        _ => error.GetType().Name,
    };
}
