using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The one retry layer (Polly.Core): which failures are retried, how long to wait, and when to give up at once.
/// Exponential backoff with "equal jitter" (the first retry is never immediate); a server's <c>Retry-After</c> (on a 429,
/// or on any other retryable status that sends one) is honoured plus a little jitter so callers told the same value do
/// not return in lockstep, unless it exceeds <see cref="QwenClientOptions.MaxRetryAfter"/> or the time left before the
/// overall deadline: then the failure (with <see cref="QwenRateLimitException.RetryAfter"/> set on a 429) is thrown at once.
/// </summary>
/// <remarks>
/// Every value here may be extreme: a server can ask for <see cref="TimeSpan.MaxValue"/>, and the options allow delays of
/// many days. All arithmetic saturates instead of overflowing, and no wait exceeds <see cref="MaxWait"/>, the longest a
/// timer can be armed (<c>Task.Delay</c> throws beyond it): a backoff step longer than that is shortened to it, and a
/// <c>Retry-After</c> longer than that is not waited for (the failure is thrown at once, as beyond the cap).
/// </remarks>
internal static class QwenRetryPolicy
{
    public static readonly ResiliencePropertyKey<CallScope> CallKey = new("QwenApi.Call");

    /// <summary>The longest wait a timer accepts: 2^32 - 2 milliseconds (about 49.7 days).</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static ResiliencePipeline Build(QwenClientOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider, Name = "QwenChatClient" };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context, args.AttemptNumber, options)),

                // ShouldRetry already chose the delay (it must check it against the deadline); use exactly that one.
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

        TimeSpan remaining = context.Properties.TryGetValue(CallKey, out CallScope? call) ? call.Remaining : TimeSpan.MaxValue;
        if (qwen.ServerRetryAfter is { } retryAfter && (retryAfter > options.MaxRetryAfter || retryAfter >= remaining || retryAfter > MaxWait))
        {
            return false; // Waiting would exceed the cap, the deadline or any timer: report the failure now, with RetryAfter set.
        }

        TimeSpan delay = ComputeDelay(qwen, attemptNumber, options);
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
        if (error is QwenApiException { ServerRetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero)
        {
            // Spread callers over up to 10% (at least 100 ms, at most 2 s) past the requested time: never earlier.
            // Never earlier than asked, and the sum saturates: MaxValue plus jitter must not overflow.
            double spreadMs = Math.Clamp(retryAfter.TotalMilliseconds * 0.1, 100, 2000);
            TimeSpan jitter = FromMilliseconds(Random.Shared.NextDouble() * spreadMs);
            TimeSpan requested = retryAfter > TimeSpan.MaxValue - jitter ? TimeSpan.MaxValue : retryAfter + jitter;
            return retryAfter <= MaxWait && requested > MaxWait ? MaxWait : requested;
        }

        // Doubles cannot overflow here (at most MaxValue's milliseconds times 2^30); the cap and MaxWait bound the result.
        double baseMs = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
        double cappedMs = Math.Min(Math.Min(baseMs, options.RetryMaxDelay.TotalMilliseconds), MaxWait.TotalMilliseconds);

        // "Equal jitter": between half and all of the exponential delay, so the first retry is never immediate.
        return FromMilliseconds(cappedMs * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    // TimeSpan.FromMilliseconds(double) rounds to whole milliseconds; keep the jitter continuous here (the delay itself
    // is then waited in whole milliseconds by Task.Delay, which is fine-grained enough to spread callers). Saturates:
    // casting a double at or beyond 2^63 to long is undefined, and would give a negative delay on x64.
    private static TimeSpan FromMilliseconds(double milliseconds)
    {
        double ticks = milliseconds * TimeSpan.TicksPerMillisecond;
        return ticks >= long.MaxValue ? TimeSpan.MaxValue : ticks <= 0 || double.IsNaN(ticks) ? TimeSpan.Zero : TimeSpan.FromTicks((long)ticks);
    }

    internal static string Describe(Exception? error) => error switch
    {
        QwenTimeoutException timeout => $"timeout ({timeout.Kind})",
        QwenApiException { ErrorCode: { } code } qwen => $"{qwen.GetType().Name} {code}",
        null => "no exception",
        _ => error.GetType().Name,
    };
}
