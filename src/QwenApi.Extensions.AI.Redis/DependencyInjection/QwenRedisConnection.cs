using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>The container's Redis connection for Qwen rate limits, made on first use; disposed with the container when it made it.</summary>
internal sealed class QwenRedisConnection(Func<IConnectionMultiplexer> connect, bool owns) : IDisposable
{
    private readonly Lazy<IConnectionMultiplexer> _multiplexer = new(connect);

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <summary>Connects from a StackExchange.Redis configuration string, ready for outages: no abort on a failed first connect, no command backlog.</summary>
    public static IConnectionMultiplexer Connect(string configuration)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(options);
    }

    public void Dispose()
    {
        if (owns && _multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
