using System.Globalization;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Redis keys of one scope. They share a hash tag (the scope in braces), so a Redis Cluster keeps them in one slot,
/// as its scripts require. The window's length is part of the grant keys' names: processes configured with different
/// windows keep separate windows instead of trimming each other's grants with the wrong length (different limits on one
/// window are safe: each process checks its own limits against the same grants).
/// </summary>
internal sealed class RedisScopeKeys
{
    public RedisScopeKeys(string prefix, string scope, TimeSpan window)
    {
        string root = prefix + "{" + scope + "}:";
        string windowed = root + "w" + ((long)window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ":";
        Grants = windowed + "grants";
        Sum = windowed + "sum";
        Pause = root + "pause";
        Server = root + "server";
        Members = root + "members";
        ForAdmit = [Grants, Sum, Pause, Server, Members];
        ForGrant = [Grants, Sum];
        ForRestore = [Grants, Sum, Pause];
        ForPause = [Pause];
        ForServer = [Server];
    }

    /// <summary>Gets the grants in the window: a sorted set of <c>id:tokens</c> scored by admission time (Redis ms).</summary>
    public RedisKey Grants { get; }

    /// <summary>Gets the cached totals of <see cref="Grants"/> (hash: <c>n</c>, <c>t</c>).</summary>
    public RedisKey Sum { get; }

    /// <summary>Gets the end of the pause a 429 asked for (Redis ms).</summary>
    public RedisKey Pause { get; }

    /// <summary>Gets what the server last said about its budget (hash).</summary>
    public RedisKey Server { get; }

    /// <summary>Gets the processes that used the scope lately (sorted set of member ids by last admission, Redis ms).</summary>
    public RedisKey Members { get; }

    public RedisKey[] ForAdmit { get; }

    public RedisKey[] ForGrant { get; }

    public RedisKey[] ForRestore { get; }

    public RedisKey[] ForPause { get; }

    public RedisKey[] ForServer { get; }
}
