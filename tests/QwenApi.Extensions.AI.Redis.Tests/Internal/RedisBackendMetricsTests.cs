using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace QwenApi.Extensions.AI.Redis.Tests.Internal;

/// <summary>The Redis package counts on the client's own meter, so an exporter sees one <c>QwenApi.Extensions.AI</c> scope with one version.</summary>
public sealed class RedisBackendMetricsTests
{
    [Fact]
    public void Instruments_ComeFromTheClientsMeter()
    {
        RuntimeHelpers.RunClassConstructor(typeof(RedisBackend).TypeHandle);
        var meters = new Dictionary<string, Meter>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "QwenApi.Extensions.AI")
                {
                    lock (meters)
                    {
                        meters[instrument.Name] = instrument.Meter;
                    }
                }
            },
        };
        listener.Start();

        Meter client = meters["qwen.client.rate_limit.responses"];
        Assert.Same(client, meters["qwen.client.rate_limit.redis.fallbacks"]);
        Assert.Same(client, meters["qwen.client.rate_limit.redis.outages"]);
        Assert.Equal(typeof(QwenChatClient).Assembly.GetName().Version?.ToString(), client.Version);
    }
}
