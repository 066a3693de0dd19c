namespace QwenApi.Extensions.AI;

/// <summary>
/// What the server last said remains of one scope's budget (<c>x-ratelimit-remaining-*</c> until <c>x-ratelimit-reset-*</c>),
/// and what this coordinator admitted since: until the server's reset, an attempt is admitted only while the budget less
/// what was admitted after the observed attempt still holds it. The budget is what remained, until the server shows
/// that it refills before its reset (a later answer reports more remaining than the earlier one, although calls were
/// admitted in between, while the earlier reset is still ahead: a sliding or replenishing limit); from then on, when the
/// server also says its limit, the budget refills linearly from what remained to the limit at the reset. A fixed window
/// never shows that, so it is never read optimistically.
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
    private bool _requestsRefill;
    private bool _tokensRefill;

    /// <summary>Records what an answer said; of two answers, the one about the later admitted attempt is the newer truth.</summary>
    public void Observe(QwenServerRateLimits limits, DateTimeOffset now)
    {
        if (limits.RemainingRequests is { } requests && limits.RequestsResetAt is { } requestsReset && requestsReset > now)
        {
            var next = new Observation(requests, limits.RequestLimit, now, requestsReset, limits.AdmittedAt);
            _requestsRefill |= Refilled(_requests, next);
            _requests = Newer(_requests, next, now);
        }

        if (limits.RemainingTokens is { } tokens && limits.TokensResetAt is { } tokensReset && tokensReset > now)
        {
            var next = new Observation(tokens, limits.TokenLimit, now, tokensReset, limits.AdmittedAt);
            _tokensRefill |= Refilled(_tokens, next);
            _tokens = Newer(_tokens, next, now);
        }
    }

    /// <summary>
    /// Says whether one more attempt of <paramref name="tokens"/> fits what the server said remains: <see langword="null"/>
    /// when it does, else the wait until the server's reset and why.
    /// </summary>
    public (TimeSpan Wait, string Reason)? Refusal(long tokens, DateTimeOffset now)
    {
        if (_requests is { } requests && requests.ResetAt > now && requests.Until(AdmittedSince(requests.AdmittedAt).Requests + 1, _requestsRefill, now) is { } requestWait)
        {
            return (requestWait, $"the server reported {requests.Remaining} request(s) left until its reset, and this coordinator admitted {AdmittedSince(requests.AdmittedAt).Requests} since");
        }

        if (_tokens is { } budget && budget.ResetAt > now && budget.Until(AdmittedSince(budget.AdmittedAt).Tokens + tokens, _tokensRefill, now) is { } tokenWait)
        {
            return (tokenWait, $"the server reported {budget.Remaining} token(s) left until its reset, this coordinator admitted {AdmittedSince(budget.AdmittedAt).Tokens} since, and the call needs {tokens}");
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

    /// <summary>
    /// Whether <paramref name="next"/> shows capacity freed before <paramref name="earlier"/>'s reset: more remains
    /// although the attempt it answers was admitted after. (Subtracting what was admitted between would need exact
    /// charges; estimates over-count, and a fixed window would then look as if it refilled.)
    /// </summary>
    private static bool Refilled(Observation? earlier, Observation next) =>
        earlier is { } before && next.AdmittedAt > before.AdmittedAt && next.AdmittedAt < before.ResetAt && next.Remaining > before.Remaining;

    private static Observation Newer(Observation? current, Observation next, DateTimeOffset now) =>
        current is { } known && known.ResetAt > now && known.AdmittedAt > next.AdmittedAt ? known : next;

    private readonly record struct Observation(long Remaining, long? Limit, DateTimeOffset ObservedAt, DateTimeOffset ResetAt, DateTimeOffset AdmittedAt)
    {
        /// <summary>How long until the budget holds <paramref name="needed"/>, or <see langword="null"/> when it does now.</summary>
        public TimeSpan? Until(long needed, bool refills, DateTimeOffset now)
        {
            if (needed <= Remaining)
            {
                return null;
            }

            if (!refills || Limit is not { } limit || limit <= Remaining || needed > limit)
            {
                return ResetAt - now; // nothing is known to free before the reset
            }

            // Refilled linearly from Remaining when observed to the limit at the reset.
            double share = (double)(needed - Remaining) / (limit - Remaining);
            DateTimeOffset at = ObservedAt + ((ResetAt - ObservedAt) * share);
            return at <= now ? null : at - now;
        }
    }
}
