using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// The rate-limit instruments of the meter <c>QwenApi.Extensions.AI</c> and the wait event on the current activity, read
/// with a real <see cref="MeterListener"/> (filtered on this test's server port, since other tests run alongside).
/// </summary>
public sealed class RateLimitMetricsTests
{
    [Fact]
    public async Task RateLimiting_PauseAndLimiters_AreCountedAndTheWaitIsMeasured()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "QwenApi.Extensions.AI")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                all[tag.Key] = tag.Value;
            }

            if (Equals(all.GetValueOrDefault("server.port"), simulator.Endpoint.Port))
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, all));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 5, QueueLimit = 0 });
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "4" }));
        using QwenChatClient first = TestClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient second = TestClients.Create(simulator, clock, o => (o.RateLimitCoordinator, o.RequestRateLimiter) = (coordinator, limiter));
        using var activity = new Activity("caller").Start();

        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        Task<ChatResponse> call = second.GetResponseAsync("second");
        await clock.DriveAsync(call);
        await call;

        Assert.Equal(1, measurements.Count(m => m.Instrument == "qwen.client.rate_limit.responses"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "qwen.client.rate_limit.pauses"));
        var wait = Assert.Single(measurements, m => m.Instrument == "qwen.client.rate_limit.wait.duration");
        Assert.Equal("pause", wait.Tags["qwen.rate_limit.reason"]);
        Assert.InRange(wait.Value, 4, 4.4);
        var permit = Assert.Single(measurements, m => m.Instrument == "qwen.client.rate_limit.permits");
        Assert.Equal(("request", "granted", 1.0), ((string?)permit.Tags["qwen.rate_limit.limiter"], (string?)permit.Tags["qwen.rate_limit.outcome"], permit.Value));
        ActivityEvent waited = Assert.Single(activity.Events, e => e.Name == "qwen.rate_limit.wait");
        Assert.Equal("pause", waited.Tags.Single(t => t.Key == "qwen.rate_limit.reason").Value);
    }
}
