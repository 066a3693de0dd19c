namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Lua scripts behind the shared limits and the shared pause. Each runs atomically in Redis, so every process sees
/// one consistent window. Time comes from the caller's clock (<see cref="QwenClientOptions.TimeProvider"/>, in Unix
/// milliseconds): the fleet's hosts need synchronised clocks, as for any shared limit, and tests can drive it.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// A sliding window of weighted grants. KEYS: 1 sorted set (grant id by time), 2 hash (grant id → permits),
    /// 3 total of the window, 4 id sequence. ARGV: now (ms), window (ms), limit, permits, key lifetime (ms).
    /// Drops grants older than the window, then grants when the total leaves room: returns <c>{1, id, total}</c>;
    /// else <c>{0, wait ms until enough grants leave the window, total}</c>.
    /// </summary>
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        local permits = tonumber(ARGV[4])
        local ttl = tonumber(ARGV[5])
        local total = tonumber(redis.call('GET', KEYS[3]) or '0')
        local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if #expired > 0 then
          for _, id in ipairs(expired) do
            total = total - tonumber(redis.call('HGET', KEYS[2], id) or '0')
            redis.call('HDEL', KEYS[2], id)
          end
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
          if total < 0 then total = 0 end
        end
        if total + permits <= limit then
          local id = redis.call('INCR', KEYS[4])
          redis.call('ZADD', KEYS[1], now, id)
          redis.call('HSET', KEYS[2], id, permits)
          total = total + permits
          redis.call('SET', KEYS[3], total, 'PX', ttl)
          redis.call('PEXPIRE', KEYS[1], ttl)
          redis.call('PEXPIRE', KEYS[2], ttl)
          redis.call('PEXPIRE', KEYS[4], ttl)
          return {1, id, total}
        end
        redis.call('SET', KEYS[3], total, 'PX', ttl)
        local need = total + permits - limit
        local grants = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        for i = 1, #grants, 2 do
          need = need - tonumber(redis.call('HGET', KEYS[2], grants[i]) or '0')
          if need <= 0 then
            return {0, tonumber(grants[i + 1]) + window - now, total}
          end
        end
        return {0, window, total}
        """;

    /// <summary>
    /// Corrects one grant to the permits really used, keeping its time. KEYS: 2 hash, 3 total (as <see cref="Acquire"/>).
    /// ARGV: grant id, permits. A grant already out of the window is left alone. Returns 1 when corrected.
    /// </summary>
    public const string Reconcile = """
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        if not old then return 0 end
        local total = tonumber(redis.call('GET', KEYS[2]) or '0') - tonumber(old) + tonumber(ARGV[2])
        if total < 0 then total = 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('SET', KEYS[2], total, 'KEEPTTL')
        return 1
        """;

    /// <summary>Sets the pause to ARGV[1] (Unix ms) unless a later one is set; it expires ARGV[2] ms from now. KEYS: 1 the pause.</summary>
    public const string Pause = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        end
        return 1
        """;
}
