namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>A test of <see cref="RedisCluster"/>: skipped, saying why, only when redis-server or redis-cli is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisClusterFactAttribute : FactAttribute
{
    public RedisClusterFactAttribute()
    {
        if (!Available)
        {
            Skip = "redis-server and redis-cli must be on PATH for the local Redis Cluster (Debian: apt-get install -y redis-server).";
        }
    }

    /// <summary>Gets a value indicating whether redis-server and redis-cli are on PATH.</summary>
    public static bool Available { get; } = OnPath("redis-server") && OnPath("redis-cli");

    private static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, file)));
}
