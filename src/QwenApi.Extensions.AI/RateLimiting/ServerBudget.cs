namespace QwenApi.Extensions.AI;

/// <summary>
/// What the server last said remains of one scope's budget (<c>x-ratelimit-remaining-*</c> until <c>x-ratelimit-reset-*</c>),
/// and what this coordinator admitted since: until the server's reset, an attempt is admitted only while the remaining
/// requests (and tokens) less what was admitted after the observed attempt still hold it.
/// </summary>
/// <remarks>
/// Not thread-safe: its owner (<see cref="CoordinatorScope"/>) serialises every call. Admissions are remembered from the
/// first one (an answer may report on an attempt admitted before any header was seen) for at most <see cref="LogHorizon"/>
/// and <see cref="MaxLogged"/> entries: an answer about an attempt older than that is rare, and then the budget is only as
/// optimistic as the server's own count. Without observations the check is two null tests.
/// </remarks>
internal sealed class ServerBudget
{
    /// <summary>How long an admission is remembered for answers still in flight.</summary>
    public static readonly TimeSpan LogHorizon = TimeSpan.FromMinutes(2);

    /// <summary>The most admissions remembered.</summary>
    public const int MaxLogged = 4096;

    private readonly Queue<(DateTimeOffset At, long Tokens)> _admitted = new();
    private Observation? _requests;
    private Observation? _tokens;

    /// <summary>Records what an answer said; of two answers, the one about the later admitted attempt is the newer truth.</summary>
    public void Observe(QwenServerRateLimits limits, DateTimeOffset now)
    {
        if (limits.RemainingRequests is { } requests && limits.RequestsResetAt is { } requestsReset && requestsReset > now)
        {
            _requests = Newer(_requests, new Observation(requests, requestsReset, limits.AdmittedAt), now);
        }

        if (limits.RemainingTokens is { } tokens && limits.TokensResetAt is { } tokensReset && tokensReset > now)
        {
            _tokens = Newer(_tokens, new Observation(tokens, tokensReset, limits.AdmittedAt), now);
        }
    }

    /// <summary>
    /// Says whether one more attempt of <paramref name="tokens"/> fits what the server said remains: <see langword="null"/>
    /// when it does, else the wait until the server's reset and why.
    /// </summary>
    public (TimeSpan Wait, string Reason)? Refusal(long tokens, DateTimeOffset now)
    {
        if (_requests is { } requests && requests.ResetAt > now && requests.Remaining - AdmittedSince(requests.AdmittedAt).Requests < 1)
        {
            return (requests.ResetAt - now, $"the server reported {requests.Remaining} request(s) left until its reset, and this coordinator admitted {AdmittedSince(requests.AdmittedAt).Requests} since");
        }

        if (_tokens is { } budget && budget.ResetAt > now && budget.Remaining - AdmittedSince(budget.AdmittedAt).Tokens < tokens)
        {
            return (budget.ResetAt - now, $"the server reported {budget.Remaining} token(s) left until its reset, this coordinator admitted {AdmittedSince(budget.AdmittedAt).Tokens} since, and the call needs {tokens}");
        }

        return null;
    }

    /// <summary>Remembers an admission, so that answers about earlier attempts do not hide it.</summary>
    public void Admitted(long tokens, DateTimeOffset now)
    {
        while (_admitted.Count >= MaxLogged || (_admitted.TryPeek(out var oldest) && oldest.At < now - LogHorizon))
        {
            _ = _admitted.Dequeue();
        }

        _admitted.Enqueue((now, tokens));
    }

    private (long Requests, long Tokens) AdmittedSince(DateTimeOffset admittedAt)
    {
        long requests = 0;
        long tokens = 0;
        foreach ((DateTimeOffset at, long granted) in _admitted)
        {
            // After the observed attempt's admission: the server may not have counted these yet.
            if (at > admittedAt)
            {
                requests++;
                tokens += granted;
            }
        }

        return (requests, tokens);
    }

    private static Observation Newer(Observation? current, Observation next, DateTimeOffset now) =>
        current is { } known && known.ResetAt > now && known.AdmittedAt > next.AdmittedAt ? known : next;

    private readonly record struct Observation(long Remaining, DateTimeOffset ResetAt, DateTimeOffset AdmittedAt);
}
