namespace QwenApi.Tests.Shared;

/// <summary>Which Redis-compatible server a <see cref="RedisServer"/> fixture runs.</summary>
public enum RedisServerKind
{
    /// <summary>A real <c>redis-server</c> process from PATH.</summary>
    RedisServer,

    /// <summary>Microsoft Garnet, embedded in the test process.</summary>
    Garnet,
}
