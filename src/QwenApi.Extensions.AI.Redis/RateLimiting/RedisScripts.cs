namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Lua scripts of the shared limits. Each runs atomically, so every process sees one consistent state, and each reads
/// the one clock of the fleet, Redis's own <c>TIME</c> (a script that calls TIME and then writes needs effects
/// replication: the only mode since Redis 7, the default since Redis 5; Garnet, which runs a script atomically on its own
/// store without replicating it as a script, implements TIME too). ARGV[1] of every script is a shift in ms added to
/// TIME: 0 in production, the fake clock's advance in tests, so that tests move the window without sleeping.
/// </summary>
/// <remarks>
/// A grant is one sorted-set member <c>id:tokens</c> scored by its admission time: the record is whole in one member, so
/// losing any key loses whole grants, never half of one. The <c>sum</c> hash (<c>n</c> grants, <c>t</c> tokens) caches the
/// set's totals; it is trusted only while its count matches the set (the prelude's <c>window</c>), and recounted otherwise, so a
/// lost set or a lost sum heals on the next script. Only commands Garnet implements are used.
/// </remarks>
internal static class RedisScripts
{
    /// <summary>
    /// Shared prelude: <c>now</c> (ms, Redis TIME + ARGV[1]), <c>tokens_of(member)</c>, and <c>window(grants, sum, length, ttl)</c>,
    /// which trims the grants older than <c>length</c> ms and returns the count and tokens left (from the sum when it
    /// matches the set, else recounted), rewriting the sum and renewing both keys' lifetimes to <c>ttl</c> ms.
    /// </summary>
    private const string Prelude = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        local function tokens_of(m) return tonumber(string.match(m, ':(%d+)$')) or 0 end
        local function window(grants, sum, length, ttl)
          local cut = now - length
          local old = redis.call('ZRANGEBYSCORE', grants, '-inf', cut)
          if #old > 0 then redis.call('ZREMRANGEBYSCORE', grants, '-inf', cut) end
          local card = redis.call('ZCARD', grants)
          local n = tonumber(redis.call('HGET', sum, 'n') or '-1')
          local tk = tonumber(redis.call('HGET', sum, 't') or '-1')
          if n - #old == card and tk >= 0 then
            for _, m in ipairs(old) do tk = tk - tokens_of(m) end
          else
            tk = 0
            for _, m in ipairs(redis.call('ZRANGEBYSCORE', grants, '-inf', '+inf')) do tk = tk + tokens_of(m) end
          end
          if tk < 0 then tk = 0 end
          redis.call('HSET', sum, 'n', card, 't', tk)
          redis.call('PEXPIRE', sum, ttl)
          if card > 0 then redis.call('PEXPIRE', grants, ttl) end
          return card, tk
        end

        """;

    /// <summary>
    /// One admission. KEYS: 1 grants (zset), 2 sum (hash), 3 pause (string, Redis ms), 4 server budget (hash), 5 members (zset).
    /// ARGV: 1 shift, 2 window ms, 3 key TTL ms, 4 request limit (0: none), 5 token limit (0: none), 6 grant member
    /// <c>id:tokens</c>, 7 tokens, 8 this process's member id, 9 how long a member counts after its last admission (ms;
    /// the members key lives 5 s longer).
    /// Returns <c>{admitted 0|1, wait ms (-1: waiting cannot help), why, fleet size, member was unknown 0|1}</c>, where why is
    /// 0 admitted, 1 pause, 2 request window, 3 token window, 4 server's request budget, 5 server's token budget.
    /// </summary>
    public const string Admit = Prelude + """
        local seen = redis.call('ZSCORE', KEYS[5], ARGV[8])
        redis.call('ZADD', KEYS[5], now, ARGV[8])
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - tonumber(ARGV[9]))
        redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[9]) + 5000)
        local fleet = redis.call('ZCARD', KEYS[5])
        local fresh = seen and 0 or 1
        local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
        if paused > now then return {0, paused - now, 1, fleet, fresh} end
        local length, rl, tl, tokens = tonumber(ARGV[2]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[7])
        if tl > 0 and tokens > tl then return {0, -1, 3, fleet, fresh} end
        local n, tk = window(KEYS[1], KEYS[2], length, ARGV[3])
        local over_n, over_t = 0, 0
        if rl > 0 then over_n = n + 1 - rl end
        if tl > 0 then over_t = tk + tokens - tl end
        if over_n > 0 or over_t > 0 then
          local why = over_t > 0 and 3 or 2
          local grants = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf', 'WITHSCORES')
          for i = 1, #grants, 2 do
            over_n = over_n - 1
            over_t = over_t - tokens_of(grants[i])
            if over_n <= 0 and over_t <= 0 then
              return {0, tonumber(grants[i + 1]) + length - now, why, fleet, fresh}
            end
          end
          return {0, length, why, fleet, fresh}
        end
        local budget = redis.call('HGETALL', KEYS[4])
        local b = {}
        for i = 1, #budget, 2 do b[budget[i]] = tonumber(budget[i + 1]) end
        -- ms until the server's budget holds need (nil: it does now): what remained, refilled linearly to the limit by
        -- the reset once the server showed that it refills (flag f) and said its limit; else nothing frees before the reset.
        local function until_budget(r, l, f, obs, reset, need)
          if need <= r then return nil end
          if not f or not l or not obs or l <= r or need > l then return reset - now end
          local at = obs + (need - r) * (reset - obs) / (l - r)
          if at <= now then return nil end
          return math.ceil(at - now)
        end
        if b.rr and b.rreset > now then
          local wait = until_budget(b.rr, b.rl, b.rf, b.robs, b.rreset, #redis.call('ZRANGEBYSCORE', KEYS[1], b.rat, '+inf') + 1)
          if wait then return {0, wait, 4, fleet, fresh} end
        end
        if b.tr and b.treset > now then
          local since = 0
          for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], b.tat, '+inf')) do since = since + tokens_of(m) end
          local wait = until_budget(b.tr, b.tl, b.tf, b.tobs, b.treset, since + tokens)
          if wait then return {0, wait, 5, fleet, fresh} end
        end
        redis.call('ZADD', KEYS[1], now, ARGV[6])
        redis.call('HSET', KEYS[2], 'n', n + 1, 't', tk + tokens)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {1, 0, 0, fleet, fresh}
        """;

    /// <summary>
    /// Replaces a grant's member (its tokens corrected) keeping its time, and the sum with it (both keys' lifetimes renewed
    /// together). KEYS: 1 grants, 2 sum.
    /// ARGV: 1 shift (unused), 2 old member, 3 new member, 4 token change, 5 key TTL ms. A grant no longer in the set is left
    /// alone. Returns 1 when corrected.
    /// </summary>
    public const string Reconcile = """
        local at = redis.call('ZSCORE', KEYS[1], ARGV[2])
        if not at then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[1], at, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        local t = redis.call('HGET', KEYS[2], 't')
        if t then
          redis.call('HSET', KEYS[2], 't', math.max(0, tonumber(t) + tonumber(ARGV[4])))
          redis.call('PEXPIRE', KEYS[2], ARGV[5])
        end
        return 1
        """;

    /// <summary>
    /// Takes back a grant whose admission its caller never saw (cancelled or timed out). KEYS: 1 grants, 2 sum.
    /// ARGV: 1 shift (unused), 2 member, 3 its tokens. Returns 1 when the grant was there.
    /// </summary>
    public const string Release = """
        if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then return 0 end
        local n, t = redis.call('HGET', KEYS[2], 'n'), redis.call('HGET', KEYS[2], 't')
        if n and t then redis.call('HSET', KEYS[2], 'n', math.max(0, tonumber(n) - 1), 't', math.max(0, tonumber(t) - tonumber(ARGV[3]))) end
        return 1
        """;

    /// <summary>
    /// Pauses the scope ARGV[2] ms from now unless a later pause is set. KEYS: 1 pause. ARGV: 1 shift, 2 ms.
    /// The pause expires one second after its end.
    /// </summary>
    public const string Pause = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        local untl = now + tonumber(ARGV[2])
        if untl > tonumber(redis.call('GET', KEYS[1]) or '0') then
          redis.call('SET', KEYS[1], untl, 'PX', tonumber(ARGV[2]) + 1000)
        end
        return 1
        """;

    /// <summary>
    /// Stores what the server last said. KEYS: 1 server budget (hash). ARGV: 1 shift, 2 key TTL ms, then for requests
    /// (3 remaining, 4 reset in ms, 5 admitted ms ago, 6 limit) and tokens (7, 8, 9, 10), remaining empty when absent,
    /// limit empty when not said. A value from an attempt admitted before the stored one's is older news and ignored. A
    /// later value that shows more remaining than the stored one before the stored reset (capacity came back although
    /// calls were admitted in between) shows a budget that refills (a sliding or replenishing limit): flag f, kept with
    /// the hash. A fixed window never shows it.
    /// Fields: rr/rreset/rat/rl/robs/rf, tr/treset/tat/tl/tobs/tf (Redis ms; l the limit, obs when observed).
    /// </summary>
    public const string Observe = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        local function num(field)
          local v = redis.call('HGET', KEYS[1], field)
          if v then return tonumber(v) end
          return nil
        end
        local function put(prefix, remaining, reset, age, limit)
          if remaining == '' then return end
          local at = now - tonumber(age)
          local old_at, old_r, old_reset = num(prefix .. 'at'), num(prefix .. 'r'), num(prefix .. 'reset')
          if old_at and at < old_at then return end
          if old_at and old_r and old_reset and at > old_at and at < old_reset and tonumber(remaining) > old_r then
            redis.call('HSET', KEYS[1], prefix .. 'f', 1)
          end
          redis.call('HSET', KEYS[1], prefix .. 'r', remaining, prefix .. 'reset', now + tonumber(reset), prefix .. 'at', at, prefix .. 'obs', now)
          if limit == '' then redis.call('HDEL', KEYS[1], prefix .. 'l') else redis.call('HSET', KEYS[1], prefix .. 'l', limit) end
        end
        put('r', ARGV[3], ARGV[4], ARGV[5], ARGV[6])
        put('t', ARGV[7], ARGV[8], ARGV[9], ARGV[10])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>
    /// Writes back the grants (and pause) one process still holds, after Redis lost them (restart, failover, eviction).
    /// KEYS: 1 grants, 2 sum, 3 pause. ARGV: 1 shift, 2 window ms, 3 key TTL ms, 4 pause left ms (0: none), then triples
    /// (admitted ms ago, member, stale member or empty). Grants already out of the window are skipped. Returns the count written.
    /// </summary>
    public const string Restore = Prelude + """
        local length, written = tonumber(ARGV[2]), 0
        for i = 5, #ARGV, 3 do
          local at = now - tonumber(ARGV[i])
          if at > now - length then
            if ARGV[i + 2] ~= '' then redis.call('ZREM', KEYS[1], ARGV[i + 2]) end
            if not redis.call('ZSCORE', KEYS[1], ARGV[i + 1]) then
              redis.call('ZADD', KEYS[1], at, ARGV[i + 1])
              written = written + 1
            end
          end
        end
        redis.call('HDEL', KEYS[2], 'n')
        window(KEYS[1], KEYS[2], length, ARGV[3])
        local pause = tonumber(ARGV[4])
        if pause > 0 and now + pause > tonumber(redis.call('GET', KEYS[3]) or '0') then
          redis.call('SET', KEYS[3], now + pause, 'PX', pause + 1000)
        end
        return written
        """;
}
