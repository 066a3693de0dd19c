using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis;

/// <summary>
/// The container's Redis connection for Qwen rate limits, made on first use (in the background when made from a
/// configuration string: an operation waits for it within <see cref="QwenRedisRateLimitOptions.OperationTimeout"/>, and
/// is admitted locally if it takes longer); disposed with the container when it made it.
/// </summary>
internal sealed class QwenRedisConnection(Func<IConnectionMultiplexer> connect, bool owns) : IDisposable
{
    // A connection of the app's (the factory returns it) is used as it is; one made from a configuration string connects
    // in the background, so that no call waits longer than one operation's bound for a Redis that does not answer.
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer = new(() => owns ? Task.Run(connect) : Task.FromResult(connect()));

    public Task<IConnectionMultiplexer> Multiplexer => _multiplexer.Value;

    /// <summary>
    /// Connects from a StackExchange.Redis configuration string, ready for outages: no abort on a failed first connect, no
    /// command backlog, a connect timeout of at most 2 s.
    /// </summary>
    public static IConnectionMultiplexer Connect(string configuration)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2_000);
        return ConnectionMultiplexer.Connect(options);
    }

    public void Dispose()
    {
        if (owns && _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            _multiplexer.Value.Result.Dispose();
        }
    }
}
