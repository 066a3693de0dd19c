using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The Redis keys of one limit of one scope. They share a hash tag (the part in braces), so a Redis Cluster keeps them in
/// one slot, as its scripts require.
/// </summary>
internal sealed class RedisWindowKeys
{
    public RedisWindowKeys(string prefix, string scope, string limit)
    {
        string root = prefix + "{" + scope + "}:" + limit;
        Grants = root + ":grants";
        Permits = root + ":permits";
        Total = root + ":total";
        Sequence = root + ":seq";
        All = [Grants, Permits, Total, Sequence];
        ForReconcile = [Permits, Total];
    }

    public RedisKey Grants { get; }

    public RedisKey Permits { get; }

    public RedisKey Total { get; }

    public RedisKey Sequence { get; }

    public RedisKey[] All { get; }

    public RedisKey[] ForReconcile { get; }
}
