using System.Collections.Concurrent;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// A <see cref="QwenRateLimitCoordinator"/> whose state lives in Redis: each admission is one script
/// (<see cref="RedisScripts.Admit"/>) that checks the pause, the request and token windows and the server's last reported
/// budget and grants, atomically, on Redis's clock. While Redis is unreachable, or slower than
/// <see cref="QwenRedisRateLimitOptions.OperationTimeout"/>, this process admits with its share of the limits
/// (<see cref="ScopeState"/>), and writes its grants back when Redis answers again.
/// </summary>
internal sealed class RedisRateLimitCoordinator : QwenRateLimitCoordinator
{
    private readonly RedisBackend _backend;
    private readonly QwenRedisRateLimitOptions _limits;
    private readonly Func<long> _shiftMs;
    private readonly ConcurrentDictionary<string, ScopeState> _scopes = new(StringComparer.Ordinal);
    private readonly string _memberId = LocalGrant.NewId();
    private readonly long _windowMs;
    private readonly long _ttlMs;

    /// <param name="backend">The connection and outage state.</param>
    /// <param name="limits">The limits and Redis settings.</param>
    /// <param name="shiftMs">
    /// Added to Redis's TIME in every script: null (zero) in production, where Redis's clock is the fleet's only clock; tests
    /// pass the fake clock's advance so that windows move without sleeping.
    /// </param>
    public RedisRateLimitCoordinator(RedisBackend backend, QwenRedisRateLimitOptions limits, Func<long>? shiftMs = null)
        : base(limits, backend.Time)
    {
        _backend = backend;
        _limits = limits;
        _shiftMs = shiftMs ?? (static () => 0);
        _windowMs = (long)limits.Window.TotalMilliseconds;
        _ttlMs = _windowMs + 5_000; // every key outlives the window it holds a little, never more
    }

    public override async ValueTask<QwenRateLimitAdmission> AdmitAsync(string scope, long tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ScopeState state = State(scope);
        if (state.PauseLeft() is { } pause)
        {
            return QwenRateLimitAdmission.Refuse(pause, QwenRateLimitSource.Pause, "a 429 paused the key");
        }

        if (_backend.Available
            && await WriteBackAsync(state, cancellationToken).ConfigureAwait(false)
            && await SharedAdmitAsync(state, tokens, cancellationToken).ConfigureAwait(false) is { } shared)
        {
            return shared;
        }

        cancellationToken.ThrowIfCancellationRequested(); // a cancelled caller holds no grant, shared or local
        RedisBackend.Fallback("admit");
        return state.AdmitLocally(tokens, out LocalGrant? local) ?? new RedisGrant(this, state, local!);
    }

    public override async ValueTask ObserveAsync(string scope, QwenServerRateLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(limits);
        await base.ObserveAsync(scope, limits, cancellationToken).ConfigureAwait(false);
        if (limits.RemainingRequests is null && limits.RemainingTokens is null)
        {
            return;
        }

        DateTimeOffset now = _backend.Time.GetUtcNow();
        long age = Math.Max(0, (long)(now - limits.AdmittedAt).TotalMilliseconds);
        RedisValue ResetIn(DateTimeOffset? at) => at is { } reset ? Math.Max(0, (long)(reset - now).TotalMilliseconds) : _windowMs;
        RedisValue[] args =
        [
            _shiftMs(), _ttlMs,
            limits.RemainingRequests is { } rr ? rr : RedisValue.EmptyString, ResetIn(limits.RequestsResetAt), age,
            limits.RequestLimit is { } rl ? rl : RedisValue.EmptyString,
            limits.RemainingTokens is { } tr ? tr : RedisValue.EmptyString, ResetIn(limits.TokensResetAt), age,
            limits.TokenLimit is { } tl ? tl : RedisValue.EmptyString,
        ];
        await RunAsync("observe", RedisScripts.Observe, State(scope).Keys.ForServer, args, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await base.PauseAsync(scope, until, cancellationToken).ConfigureAwait(false);
        ScopeState state = State(scope);
        state.Pause(until);
        long left = (long)Math.Min((until - _backend.Time.GetUtcNow()).TotalMilliseconds, TimeSpan.FromDays(1).TotalMilliseconds);
        if (left > 0)
        {
            await RunAsync("pause", RedisScripts.Pause, state.Keys.ForPause, [_shiftMs(), left], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets <paramref name="grant"/> to what the server charged (the client applied the accounting); never throws for an outage.</summary>
    internal async ValueTask ReconcileAsync(ScopeState state, LocalGrant grant, long usedTokens, CancellationToken cancellationToken)
    {
        long tokens = Math.Max(0, usedTokens);
        if (state.Correct(grant, tokens) is not { } held || held == tokens)
        {
            return; // only this process knew the grant (a write-back will carry the new value), or nothing changes
        }

        RedisValue[] args = [_shiftMs(), grant.Member(held), grant.Member(tokens), tokens - held, _ttlMs];
        if (await RunAsync("reconcile", RedisScripts.Reconcile, state.Keys.ForGrant, args, cancellationToken).ConfigureAwait(false))
        {
            state.Confirm(grant, tokens);
        }
    }

    /// <summary>Gets the state of <paramref name="scope"/> (tests read its keys).</summary>
    internal ScopeState State(string scope) =>
        _scopes.GetOrAdd(scope, static (s, self) => new ScopeState(new RedisScopeKeys(self._limits.KeyPrefix, s, self._limits.Window), self._limits, self._backend.Time), this);

    /// <summary>
    /// One admission script, or null when Redis failed (the caller admits locally). Each admission is also this process's
    /// heartbeat in the scope's members; a process counts towards the fleet's size for three windows after its last one, so
    /// that the shares of an outage err on the small side.
    /// </summary>
    private async ValueTask<QwenRateLimitAdmission?> SharedAdmitAsync(ScopeState state, long tokens, CancellationToken cancellationToken)
    {
        string id = LocalGrant.NewId();
        string member = id + ":" + tokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        RedisValue[] args = [_shiftMs(), _windowMs, _ttlMs, _limits.RequestsPerMinute ?? 0, _limits.TokensPerMinute ?? 0, member, tokens, _memberId, 3 * _windowMs];
        long[] answer;
        try
        {
            answer = (long[])(await _backend.EvaluateAsync(RedisScripts.Admit, state.Keys.ForAdmit, args, cancellationToken).ConfigureAwait(false))!;
            _backend.Succeeded();
            cancellationToken.ThrowIfCancellationRequested(); // the answer may have won the race with the cancellation
        }
        catch (Exception ex) when (ex is OperationCanceledException || RedisBackend.IsOutage(ex))
        {
            // The script may have granted after all: take the grant back (bounded; if that fails too, the grant leaves
            // with the window), so that a caller that never saw its admission holds nothing.
            _backend.Forget(RedisScripts.Release, state.Keys.ForGrant, [_shiftMs(), member, tokens]);
            if (!RedisBackend.IsOutage(ex))
            {
                throw;
            }

            _backend.Failed(ex, "admit");
            return null;
        }

        state.FleetSize = (int)Math.Min(answer[3], int.MaxValue);
        if (answer[4] == 1)
        {
            state.MarkLost(); // Redis did not know this process: if it holds grants, Redis lost them; written back next time
        }

        return answer[0] == 1 ? new RedisGrant(this, state, state.Record(id, tokens, inRedis: true)) : Refusal(answer[1], answer[2], tokens);
    }

    /// <summary>Writes back what this process holds when Redis may have lost it; false when Redis failed.</summary>
    private async ValueTask<bool> WriteBackAsync(ScopeState state, CancellationToken cancellationToken)
    {
        int outages = _backend.Outages;
        if (!state.NeedsWriteBack(outages))
        {
            return true;
        }

        var held = state.Held();
        long pause = state.PauseLeft() is { } left ? (long)left.TotalMilliseconds : 0;
        if (held.Count == 0 && pause == 0)
        {
            state.Synced(outages, held);
            return true;
        }

        var args = new List<RedisValue>(4 + (held.Count * 3)) { _shiftMs(), _windowMs, _ttlMs, pause };
        foreach ((TimeSpan age, LocalGrant grant, long tokens, long? inRedis) in held)
        {
            args.AddRange([(long)age.TotalMilliseconds, grant.Member(tokens), inRedis is { } stale && stale != tokens ? grant.Member(stale) : RedisValue.EmptyString]);
        }

        if (!await RunAsync("write-back", RedisScripts.Restore, state.Keys.ForRestore, [.. args], cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        state.Synced(outages, held);
        return true;
    }

    /// <summary>Runs a script whose answer only says it ran: false (counted, logged once) when Redis is down or failed.</summary>
    private async ValueTask<bool> RunAsync(string operation, string script, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken)
    {
        if (!_backend.Available)
        {
            RedisBackend.Fallback(operation);
            return false;
        }

        try
        {
            _ = await _backend.EvaluateAsync(script, keys, args, cancellationToken).ConfigureAwait(false);
            _backend.Succeeded();
            return true;
        }
        catch (Exception ex) when (RedisBackend.IsOutage(ex))
        {
            _backend.Failed(ex, operation);
            RedisBackend.Fallback(operation);
            return false;
        }
    }

    private QwenRateLimitAdmission Refusal(long waitMs, long why, long tokens)
    {
        TimeSpan? wait = waitMs < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(1, waitMs));
        return why switch
        {
            1 => QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Pause, "a 429 paused the key (shared through Redis)"),
            2 => QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Window, $"the key's request window (QwenRateLimitOptions.RequestsPerMinute = {_limits.RequestsPerMinute} per {_limits.Window.TotalSeconds:0.###} s, shared through Redis) is full"),
            3 when wait is null => QwenRateLimitAdmission.Refuse(null, QwenRateLimitSource.Window, $"the call's {tokens} tokens exceed QwenRateLimitOptions.TokensPerMinute ({_limits.TokensPerMinute})"),
            3 => QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Window, $"the key's token window (QwenRateLimitOptions.TokensPerMinute = {_limits.TokensPerMinute} per {_limits.Window.TotalSeconds:0.###} s, shared through Redis) is full"),
            4 => QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Window, "the requests the server said remain are spent until its reset"),
            _ => QwenRateLimitAdmission.Refuse(wait, QwenRateLimitSource.Window, "the tokens the server said remain are spent until its reset"),
        };
    }
}
