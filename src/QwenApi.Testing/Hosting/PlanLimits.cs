using System.Globalization;

namespace QwenApi.Testing;

/// <summary>
/// The key's plan limits (<see cref="QwenSimulatorOptions.RequestsPerMinute"/>, <see cref="QwenSimulatorOptions.TokensPerMinute"/>)
/// over a <see cref="RateWindow"/> on the simulator's clock, charging tokens as <see cref="QwenSimulatorOptions.TokenAccounting"/>
/// says. A request is admitted while the window has a request left and its charge fits; otherwise it gets a 429 that says
/// which limit it hit, with a <c>Retry-After</c> hint (truthful, capped or absent). Answers carry OpenAI's
/// <c>x-ratelimit-*</c> headers unless <see cref="QwenSimulatorOptions.SendRateLimitHeaders"/> is off.
/// </summary>
/// <remarks>
/// What real servers send, and what this follows: OpenAI's rate-limit guide charges TPM at admission (prompt estimate
/// plus <c>max_tokens</c>) and sends <c>x-ratelimit-limit|remaining|reset-requests|tokens</c> on every answer, resets as
/// Go durations (<c>1s</c>, <c>6m0s</c>, <c>20ms</c>); its 429 body is <c>{"error":{"code":"rate_limit_exceeded",
/// "type":"tokens"|"requests","message":"Rate limit reached for M … on tokens per min (TPM): Limit L, Used U, Requested R.
/// Please try again in 1.574s. …"}}</c>, its hints short. DashScope's OpenAI-compatible mode answers 429 with code
/// <c>limit_requests</c> (shared/QWEN-PROTOCOL.md) and says its limits are per minute and per second. The simulator keeps
/// Qwen's type and codes (<c>limit_requests</c>, and <c>limit_tokens</c> for the token limit) and writes OpenAI's message.
/// </remarks>
internal sealed class PlanLimits(QwenSimulatorOptions options)
{
    private readonly Lock _lock = new();
    private readonly RateWindow _window = RateWindow.Create(options.RateLimitWindow);

    public bool Enabled => options.RequestsPerMinute is not null || options.TokensPerMinute is not null;

    /// <summary>Gets what a request is charged against the tokens per minute.</summary>
    public long Charge(CompletionPlan plan, ChatRequestInfo info) => options.TokenAccounting == SimulatorTokenAccounting.Admission
        ? plan.PromptTokens + (long)(info.MaxCompletionTokens ?? info.MaxTokens ?? options.AdmissionMaxTokens)
        : plan.PromptTokens + plan.CompletionTokens;

    /// <summary>Admits (and counts) a request charged <paramref name="tokens"/> tokens, or says which limit it hit.</summary>
    /// <returns>The error to answer with, or <see langword="null"/> when admitted; <paramref name="headers"/> either way.</returns>
    public RequestError? TryAdmit(long tokens, string model, out Dictionary<string, string> headers)
    {
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            _window.Advance(now);
            RequestError? error = null;
            if (options.RequestsPerMinute is { } rpm && _window.Requests >= rpm)
            {
                string hint = Hint(_window.UntilRequestFits(now, rpm), out string? retryAfter);
                error = Limited("limit_requests", "Requests", $"requests per min (RPM): Limit {rpm}, Used {_window.Requests}, Requested 1", model, hint);
                headers = Headers(now, retryAfter);
            }
            else if (options.TokensPerMinute is { } tpm && _window.Tokens + tokens > tpm)
            {
                string hint = Hint(_window.UntilTokensFit(now, tpm, tokens), out string? retryAfter);
                error = Limited("limit_tokens", "Tokens", $"tokens per min (TPM): Limit {tpm}, Used {_window.Tokens}, Requested {tokens}", model, hint);
                headers = Headers(now, retryAfter);
            }
            else
            {
                _window.Add(now, tokens);
                headers = Headers(now, retryAfter: null);
            }

            return error;
        }
    }

    private static RequestError Limited(string code, string kind, string usage, string model, string hint) =>
        new(429, "limit_requests", code, string.Create(CultureInfo.InvariantCulture,
            $"{kind} rate limit exceeded, please try again later. Rate limit reached for {model} on {usage}. Please try again in {hint}."));

    /// <summary>The <c>Retry-After</c> value (whole seconds, at least 1, capped by <see cref="QwenSimulatorOptions.MaxRetryAfterHint"/>) and the wait the message states.</summary>
    private string Hint(TimeSpan wait, out string? retryAfter)
    {
        double seconds = Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        if (options.MaxRetryAfterHint is { } cap)
        {
            seconds = Math.Min(seconds, Math.Max(1, Math.Ceiling(cap.TotalSeconds)));
            wait = wait < cap ? wait : cap;
        }

        retryAfter = options.SendRetryAfter ? seconds.ToString("0", CultureInfo.InvariantCulture) : null;
        return RateLimitDuration.Format(wait);
    }

    private Dictionary<string, string> Headers(DateTimeOffset now, string? retryAfter)
    {
        Dictionary<string, string> headers = [];
        if (retryAfter is not null)
        {
            headers["Retry-After"] = retryAfter;
        }

        if (!options.SendRateLimitHeaders)
        {
            return headers;
        }

        string reset = RateLimitDuration.Format(_window.UntilEmpty(now));
        if (options.RequestsPerMinute is { } requestLimit)
        {
            headers["x-ratelimit-limit-requests"] = Text(requestLimit);
            headers["x-ratelimit-remaining-requests"] = Text(Math.Max(0, requestLimit - _window.Requests));
            headers["x-ratelimit-reset-requests"] = reset;
        }

        if (options.TokensPerMinute is { } tokenLimit)
        {
            headers["x-ratelimit-limit-tokens"] = Text(tokenLimit);
            headers["x-ratelimit-remaining-tokens"] = Text(Math.Max(0, tokenLimit - _window.Tokens));
            headers["x-ratelimit-reset-tokens"] = reset;
        }

        return headers;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
