namespace QwenApi.Extensions.AI;

/// <summary>
/// Everything a <see cref="QwenRateLimitCoordinator"/> knows of one scope, under one lock: the pause a 429 set, the request
/// and token windows of its limits, and the budget the server reported. One admission checks all of them in one step,
/// so two callers can never both take the last request.
/// </summary>
internal sealed class CoordinatorScope
{
    private readonly Lock _lock = new();
    private readonly SlidingWindow? _requests;
    private readonly SlidingWindow? _tokens;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private readonly ServerBudget _budget = new();

    public CoordinatorScope(QwenRateLimitOptions? limits)
    {
        if (limits?.RequestsPerMinute is { } rpm)
        {
            _requests = new SlidingWindow(rpm, limits.Window);
        }

        if (limits?.TokensPerMinute is { } tpm)
        {
            _tokens = new SlidingWindow(tpm, limits.Window);
        }

    }

    /// <summary>Admits one attempt of <paramref name="tokens"/> tokens at <paramref name="now"/>, or refuses it with the wait.</summary>
    public QwenRateLimitAdmission Admit(long tokens, DateTimeOffset now)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (_pausedUntil > now)
            {
                return QwenRateLimitAdmission.Refuse(_pausedUntil - now, QwenRateLimitSource.Pause, "a 429 paused the scope");
            }

            if (_budget.Refusal(tokens, now) is { } server)
            {
                return QwenRateLimitAdmission.Refuse(server.Wait, QwenRateLimitSource.Window, server.Reason);
            }

            long requestGrant = 0;
            if (_requests is not null)
            {
                (bool granted, requestGrant, TimeSpan? wait) = _requests.TryAcquire(1, nowMs);
                if (!granted)
                {
                    return QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Window, $"the request window is full ({_requests.Limit} per window)");
                }
            }

            long tokenGrant = 0;
            if (_tokens is not null)
            {
                (bool granted, tokenGrant, TimeSpan? wait) = _tokens.TryAcquire(tokens, nowMs);
                if (!granted)
                {
                    _requests?.Reconcile(requestGrant, 0); // admitted as a whole or not at all
                    return QwenRateLimitAdmission.Refuse(
                        wait,
                        QwenRateLimitSource.Window,
                        wait is null
                            ? $"the call's {tokens} estimated tokens exceed the token limit ({_tokens.Limit} per window)"
                            : $"the token window has {_tokens.Limit - _tokens.Used} of {_tokens.Limit} tokens left and the call needs {tokens}");
                }
            }

            _budget.Admitted(tokens, now);
            return _tokens is null ? QwenRateLimitAdmission.Admitted : new WindowAdmission(this, tokenGrant, tokens);
        }
    }

    /// <summary>Pauses the scope until <paramref name="until"/>; of two pauses the later one stays.</summary>
    public void Pause(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>Records what the server said of the scope's budget.</summary>
    public void Observe(QwenServerRateLimits limits, DateTimeOffset now)
    {
        lock (_lock)
        {
            _budget.Observe(limits, now);
        }
    }

    /// <summary>Corrects a token grant (see <see cref="WindowAdmission"/>).</summary>
    public void ReconcileTokens(long grantId, long tokens)
    {
        lock (_lock)
        {
            _tokens?.Reconcile(grantId, tokens);
        }
    }
}
