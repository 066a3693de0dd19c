using System.Globalization;

namespace QwenApi.Testing;

/// <summary>
/// The key's plan limits (<see cref="QwenSimulatorOptions.RequestsPerMinute"/>, <see cref="QwenSimulatorOptions.TokensPerMinute"/>)
/// as fixed one-minute windows on the simulator's clock: the first request opens a window, which resets a minute later.
/// A request is admitted while the window has a request left and its tokens (prompt + completion of its planned answer)
/// fit; otherwise it gets a 429 whose <c>Retry-After</c> is the time left in the window (whole seconds, rounded up).
/// Admitted or not, answers carry OpenAI-style <c>x-ratelimit-*</c> headers.
/// </summary>
internal sealed class PlanLimits(QwenSimulatorOptions options)
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _requests;
    private long _tokens;

    public bool Enabled => options.RequestsPerMinute is not null || options.TokensPerMinute is not null;

    /// <summary>Admits (and counts) a request of <paramref name="tokens"/> tokens, or says which limit it hit.</summary>
    /// <returns>The error to answer with, or <see langword="null"/> when admitted; <paramref name="headers"/> either way.</returns>
    public RequestError? TryAdmit(long tokens, out Dictionary<string, string> headers, out TimeSpan retryAfter)
    {
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (now >= _windowStart + s_window)
            {
                _windowStart = now;
                _requests = 0;
                _tokens = 0;
            }

            TimeSpan reset = _windowStart + s_window - now;
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(reset.TotalSeconds)));
            RequestError? error = null;
            if (options.RequestsPerMinute is { } rpm && _requests >= rpm)
            {
                error = new RequestError(429, "limit_requests", "limit_requests", $"Requests rate limit exceeded: {rpm} per minute for this key. Retry after {retryAfter.TotalSeconds:0} s.");
            }
            else if (options.TokensPerMinute is { } tpm && _tokens + tokens > tpm)
            {
                error = new RequestError(429, "limit_requests", "limit_tokens", $"Tokens rate limit exceeded: {tpm} per minute for this key. Retry after {retryAfter.TotalSeconds:0} s.");
            }
            else
            {
                _requests++;
                _tokens += tokens;
            }

            headers = [];
            string resetText = reset.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
            if (options.RequestsPerMinute is { } requestLimit)
            {
                headers["x-ratelimit-limit-requests"] = requestLimit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-remaining-requests"] = Math.Max(0, requestLimit - _requests).ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-reset-requests"] = resetText;
            }

            if (options.TokensPerMinute is { } tokenLimit)
            {
                headers["x-ratelimit-limit-tokens"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-remaining-tokens"] = Math.Max(0, tokenLimit - _tokens).ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-reset-tokens"] = resetText;
            }

            if (error is not null)
            {
                headers["Retry-After"] = retryAfter.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            }

            return error;
        }
    }
}
