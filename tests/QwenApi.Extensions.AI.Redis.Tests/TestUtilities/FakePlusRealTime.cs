using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Redis.Tests.TestUtilities;

/// <summary>
/// A simulator's clock for tests whose coordinators run on Redis's TIME plus the fake clock's advance: the fake clock's
/// time plus the real time passed since this was made. The simulator's windows then see the same time pass as Redis does,
/// as a real server's and Redis's clocks both do; on the fake clock alone, the real time a slow machine spends between an
/// answer and the next admission shortens the coordinator's wait but not the simulator's window (a 429 under load).
/// Timers are the fake clock's, so the test still drives every wait.
/// </summary>
internal sealed class FakePlusRealTime(FakeTimeProvider fake) : TimeProvider
{
    private readonly Stopwatch _real = Stopwatch.StartNew();

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow() + _real.Elapsed;

    public override long GetTimestamp() => fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        fake.CreateTimer(callback, state, dueTime, period);
}
