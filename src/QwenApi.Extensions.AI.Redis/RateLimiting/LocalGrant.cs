using System.Globalization;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// One grant this process holds, as it remembers it: the stand-in window while Redis is unreachable counts it, and a
/// Redis that lost the scope's state gets it written back. Fields are guarded by the owning <see cref="ScopeState"/>'s lock.
/// </summary>
internal sealed class LocalGrant(string id, long tokens, DateTimeOffset admittedAt, bool inRedis)
{
    /// <summary>Gets the grant's id: random hex (94 bits), unique whatever Redis forgot (no sequence to restart).</summary>
    public string Id { get; } = id;

    /// <summary>Gets or sets the tokens the grant counts now (after reconciliation).</summary>
    public long Tokens { get; set; } = tokens;

    /// <summary>Gets when it was admitted, on the caller's clock (only ever compared with that clock).</summary>
    public DateTimeOffset AdmittedAt { get; } = admittedAt;

    /// <summary>Gets or sets the tokens of the member Redis is known to hold for it, or null when Redis has none.</summary>
    public long? RedisTokens { get; set; } = inRedis ? tokens : null;

    /// <summary>The sorted-set member for <paramref name="tokens"/> tokens: <c>id:tokens</c>.</summary>
    public string Member(long tokens) => Id + ":" + tokens.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates a fresh random id.</summary>
    public static string NewId() => Random.Shared.NextInt64().ToString("x16", CultureInfo.InvariantCulture) + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);
}
