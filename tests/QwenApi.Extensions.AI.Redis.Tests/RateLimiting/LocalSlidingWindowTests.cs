using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The in-memory stand-in for the shared window (used while Redis is unreachable) answers as the Lua script does: grants
/// while the weighted total fits, the exact wait until enough grants leave, reconciliation, expiry on the clock.
/// </summary>
public sealed class LocalSlidingWindowTests
{
    [Fact]
    public void Window_GrantsWhileTheTotalFits_ThenSaysExactlyWhenEnoughGrantsLeave()
    {
        var clock = new FakeTimeProvider();
        var window = new LocalSlidingWindow(limit: 100, TimeSpan.FromSeconds(60), clock);

        var first = window.TryAcquire(60);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = window.TryAcquire(30);
        var third = window.TryAcquire(50);
        var fourth = window.TryAcquire(10);

        Assert.True(first.Granted);
        Assert.True(second.Granted);
        Assert.Equal((false, TimeSpan.FromSeconds(50)), (third.Granted, third.RetryAfter)); // 90 + 50 > 100 until the 60 leave, 50 s on
        Assert.True(fourth.Granted); // 100 fits exactly
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(window.TryAcquire(50).Granted); // the first grant has left the window
    }

    [Fact]
    public void Reconcile_CorrectsAGrantInTheWindow_AndFreesWhatItDidNotUse()
    {
        var clock = new FakeTimeProvider();
        var window = new LocalSlidingWindow(limit: 100, TimeSpan.FromSeconds(60), clock);

        var estimate = window.TryAcquire(90);
        bool refusedBefore = !window.TryAcquire(20).Granted;
        window.Reconcile(estimate.GrantId, 40);

        Assert.True(refusedBefore);
        Assert.True(window.TryAcquire(60).Granted); // 40 + 60
        Assert.False(window.TryAcquire(1).Granted);
    }
}
