using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The stand-in while Redis is unreachable: this process's share of the limits by the fleet's last known size, the exact
/// wait until its own grants leave the window, and a call larger than the share admitted when it holds nothing else.
/// </summary>
public sealed class ScopeStateTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AdmitLocally_GrantsThisProcesssShare_ThenSaysWhenItsOldestGrantLeaves()
    {
        ScopeState state = State(new() { RequestsPerMinute = 5 });
        state.FleetSize = 2; // a share of 3 (rounded up)

        Assert.Null(state.AdmitLocally(1, out _));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(state.AdmitLocally(1, out _));
        Assert.Null(state.AdmitLocally(1, out _));
        QwenRateLimitAdmission? refused = state.AdmitLocally(1, out LocalGrant? none);

        Assert.NotNull(refused);
        Assert.Null(none);
        Assert.Equal(TimeSpan.FromSeconds(51), refused.RetryAfter);
        Assert.Contains("1/2", refused.Reason, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(51));
        Assert.Null(state.AdmitLocally(1, out _));
    }

    [Fact]
    public void AdmitLocally_ACallLargerThanTheTokenShare_IsAdmittedAloneAndOneLargerThanTheLimitNever()
    {
        ScopeState state = State(new() { TokensPerMinute = 1_000 });
        state.FleetSize = 4; // a share of 250 tokens

        Assert.Null(state.AdmitLocally(600, out _));
        QwenRateLimitAdmission? second = state.AdmitLocally(600, out _);
        QwenRateLimitAdmission? huge = state.AdmitLocally(1_001, out _);

        Assert.Equal(TimeSpan.FromSeconds(61), second?.RetryAfter);
        Assert.NotNull(huge);
        Assert.Null(huge.RetryAfter); // waiting cannot help
    }

    [Fact]
    public void Held_KeepsOnlyTheGrantsInTheWindow_WithTheirAge()
    {
        ScopeState state = State(new() { RequestsPerMinute = 10 });
        _ = state.Record("a", 5, inRedis: true);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _ = state.Record("b", 7, inRedis: false);
        _clock.Advance(TimeSpan.FromSeconds(31));

        var held = state.Held();

        Assert.Equal(("b", 7L, (long?)null, TimeSpan.FromSeconds(31)), (held.Single().Grant.Id, held.Single().Tokens, held.Single().RedisTokens, held.Single().Age));
    }

    private ScopeState State(QwenRedisRateLimitOptions limits) => new(new RedisScopeKeys("p:", "s", limits.Window), limits, _clock);
}
