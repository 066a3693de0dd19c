using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Redis.Tests.TestUtilities;
using StackExchange.Redis;

namespace QwenApi.Extensions.AI.Redis.Tests.RateLimiting;

/// <summary>
/// The coordinator's admissions through a real Redis server (issue 17, items 1 and 3), each coordinator on a connection
/// of its own as another process would be: one window for every process of a key, exact waits, token accounting, the
/// shared pause and the server's reported budget. Windows move with the fake clock (added to Redis's TIME); Redis's own
/// clock keeps running meanwhile, so waits are checked to within a few seconds below their exact value (a busy machine).
/// </summary>
public sealed class RedisRateLimitCoordinatorTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task AdmitAsync_TwoProcessesShareOneRequestWindow_AndARefusalSaysWhenTheOldestGrantLeaves()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        DateTimeOffset start = _clock.GetUtcNow();
        RedisRateLimitCoordinator a = RedisTestClients.Coordinator(first, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3));
        RedisRateLimitCoordinator b = RedisTestClients.Coordinator(second, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 3));

        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(a, 1));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(b, 2));
        using QwenRateLimitAdmission refused = await b.AdmitAsync(RedisTestClients.Scope, 1);
        _clock.Advance(TimeSpan.FromSeconds(51));
        using QwenRateLimitAdmission later = await b.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.False(refused.IsAdmitted);
        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        Assert.Contains("RequestsPerMinute = 3", refused.Reason, StringComparison.Ordinal);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(46), TimeSpan.FromSeconds(51)); // the first grant leaves the 61 s window
        Assert.True(later.IsAdmitted);
    }

    [Fact]
    public async Task AdmitAsync_TokenWindow_RefusesWhatDoesNotFit_AndACallOverTheWholeLimitCannotWait()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100));

        using QwenRateLimitAdmission sixty = await coordinator.AdmitAsync(RedisTestClients.Scope, 60);
        using QwenRateLimitAdmission another = await coordinator.AdmitAsync(RedisTestClients.Scope, 60);
        using QwenRateLimitAdmission forty = await coordinator.AdmitAsync(RedisTestClients.Scope, 40);
        using QwenRateLimitAdmission huge = await coordinator.AdmitAsync(RedisTestClients.Scope, 101);

        Assert.True(sixty.IsAdmitted);
        Assert.False(another.IsAdmitted);
        Assert.Contains("TokensPerMinute = 100", another.Reason, StringComparison.Ordinal);
        Assert.InRange(another.RetryAfter!.Value, TimeSpan.FromSeconds(56), TimeSpan.FromSeconds(61));
        Assert.True(forty.IsAdmitted);
        Assert.False(huge.IsAdmitted);
        Assert.Null(huge.RetryAfter); // waiting cannot help
    }

    [Theory]
    [InlineData(10, true)] // the server charged 10: 10 + 50 fits
    [InlineData(90, false)] // corrected up: 90 + 50 > 100
    public async Task ReconcileAsync_SetsTheGrantToWhatTheServerCharged(long charged, bool nextFits)
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100));

        using QwenRateLimitAdmission grant = await coordinator.AdmitAsync(RedisTestClients.Scope, 60);
        await grant.ReconcileAsync(charged);
        using QwenRateLimitAdmission next = await coordinator.AdmitAsync(RedisTestClients.Scope, 50);

        Assert.Equal(nextFits, next.IsAdmitted);
        Assert.Contains(((RedisGrant)grant).Id + ":" + charged, await RedisTestClients.GrantsAsync(connection, coordinator));
    }

    [Theory]
    [InlineData(200, 30)] // more remains than before the reset: it refills, 600 fit after (600 - 200) / 800 of 60 s
    [InlineData(50, 59)] // it only fell: a wall until the reset
    public async Task ServerBudget_RefillsLinearlyOnlyOnceTheServerShowedItRefills(long laterRemaining, int expectedWaitSeconds)
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100_000));
        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingTokens = 100, TokenLimit = 1_000, TokensResetAt = _clock.GetUtcNow().AddSeconds(60), AdmittedAt = _clock.GetUtcNow() });
        _clock.Advance(TimeSpan.FromSeconds(1));

        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingTokens = laterRemaining, TokenLimit = 1_000, TokensResetAt = _clock.GetUtcNow().AddSeconds(60 - (expectedWaitSeconds == 59 ? 1 : 0)), AdmittedAt = _clock.GetUtcNow() });
        using QwenRateLimitAdmission refused = await coordinator.AdmitAsync(RedisTestClients.Scope, 600);

        Assert.False(refused.IsAdmitted);
        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        // Redis's own clock runs on meanwhile (a busy machine): the wait is exact to within a few seconds below.
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(expectedWaitSeconds - 5), TimeSpan.FromSeconds(expectedWaitSeconds));
    }

    [Fact]
    public async Task PauseAsync_InOneProcess_RefusesTheOtherUntilItsEnd()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        DateTimeOffset start = _clock.GetUtcNow();
        RedisRateLimitCoordinator limited = RedisTestClients.Coordinator(first, _clock, start, l => l.KeyPrefix = prefix);
        RedisRateLimitCoordinator other = RedisTestClients.Coordinator(second, _clock, start, l => l.KeyPrefix = prefix);

        await limited.PauseAsync(RedisTestClients.Scope, _clock.GetUtcNow().AddSeconds(30));
        using QwenRateLimitAdmission paused = await other.AdmitAsync(RedisTestClients.Scope, 1);
        _clock.Advance(TimeSpan.FromSeconds(30));
        using QwenRateLimitAdmission after = await other.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.Equal(QwenRateLimitSource.Pause, paused.RefusedBy);
        Assert.InRange(paused.RetryAfter!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.True(after.IsAdmitted);
    }

    [Fact]
    public async Task ObserveAsync_TheServersBudget_CapsAdmissionsUntilItsReset()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        DateTimeOffset start = _clock.GetUtcNow();
        RedisRateLimitCoordinator observer = RedisTestClients.Coordinator(first, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 100));
        RedisRateLimitCoordinator other = RedisTestClients.Coordinator(second, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 100));
        DateTimeOffset now = _clock.GetUtcNow();

        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(other, 1)); // admitted before the observed attempt: already counted by the server
        _clock.Advance(TimeSpan.FromSeconds(1));
        await observer.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits
        {
            RemainingRequests = 3,
            RequestsResetAt = _clock.GetUtcNow().AddSeconds(20),
            RemainingTokens = 1_000,
            TokensResetAt = _clock.GetUtcNow().AddSeconds(10),
            AdmittedAt = _clock.GetUtcNow().AddMilliseconds(-500),
        });
        int admitted = await RedisTestClients.AdmitManyAsync(other, 3, tokens: 100);
        using QwenRateLimitAdmission spent = await other.AdmitAsync(RedisTestClients.Scope, 1);
        _clock.Advance(TimeSpan.FromSeconds(20));
        using QwenRateLimitAdmission afterReset = await other.AdmitAsync(RedisTestClients.Scope, 1);

        Assert.Equal(3, admitted);
        Assert.Equal(QwenRateLimitSource.Window, spent.RefusedBy);
        Assert.Contains("server said remain", spent.Reason, StringComparison.Ordinal);
        Assert.InRange(spent.RetryAfter!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.True(afterReset.IsAdmitted);
        _ = now;
    }

    [Fact]
    public async Task ObserveAsync_TheServersTokenBudget_RefusesACallLargerThanWhatRemains()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => l.KeyPrefix = RedisTestClients.UniquePrefix());

        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingTokens = 1_000, TokensResetAt = _clock.GetUtcNow().AddSeconds(10), AdmittedAt = _clock.GetUtcNow() });
        using QwenRateLimitAdmission fits = await coordinator.AdmitAsync(RedisTestClients.Scope, 600);
        using QwenRateLimitAdmission over = await coordinator.AdmitAsync(RedisTestClients.Scope, 600);

        Assert.True(fits.IsAdmitted);
        Assert.False(over.IsAdmitted);
        Assert.Contains("tokens the server said remain", over.Reason, StringComparison.Ordinal);
        Assert.InRange(over.RetryAfter!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AdmitAsync_IsOneRoundTrip()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute, l.TokensPerMinute) = (RedisTestClients.UniquePrefix(), 100, 100_000));
        await coordinator.ObserveAsync(RedisTestClients.Scope, new QwenServerRateLimits { RemainingRequests = 50, RequestsResetAt = _clock.GetUtcNow().AddSeconds(30), AdmittedAt = _clock.GetUtcNow() });
        Assert.Equal(1, await RedisTestClients.AdmitManyAsync(coordinator, 1)); // the script is loaded once per connection
        var session = new StackExchange.Redis.Profiling.ProfilingSession();
        connection.RegisterProfiler(() => session);

        int admitted = await RedisTestClients.AdmitManyAsync(coordinator, 5, tokens: 10);
        string[] commands = [.. session.FinishProfiling().Select(c => c.Command)];

        Assert.Equal(5, admitted);
        Assert.Equal(5, commands.Length); // pause, both windows, the server's budget and the grant: one script each
        Assert.All(commands, c => Assert.StartsWith("EVAL", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdmitAsync_CancelledAfterTheScriptWasSent_LeavesNoGrantBehind()
    {
        using ConnectionMultiplexer connection = await RedisTestClients.ConnectAsync(redis);
        RedisRateLimitCoordinator coordinator = RedisTestClients.Coordinator(connection, _clock, _clock.GetUtcNow(), l => (l.KeyPrefix, l.RequestsPerMinute) = (RedisTestClients.UniquePrefix(), 1));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        _ = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => coordinator.AdmitAsync(RedisTestClients.Scope, 5, cancelled.Token).AsTask());
        string[] left = await RedisTestClients.GrantsAsync(connection, coordinator); // ordered after the rollback on the connection
        using QwenRateLimitAdmission next = await coordinator.AdmitAsync(RedisTestClients.Scope, 5);

        Assert.Empty(left);
        Assert.True(next.IsAdmitted); // the limit of 1 was not spent by the cancelled attempt
    }

    [Fact]
    public async Task AdmitAsync_ProcessesWithDifferentWindows_KeepSeparateWindowsAndNeverTrimEachOther()
    {
        string prefix = RedisTestClients.UniquePrefix();
        using ConnectionMultiplexer first = await RedisTestClients.ConnectAsync(redis);
        using ConnectionMultiplexer second = await RedisTestClients.ConnectAsync(redis);
        DateTimeOffset start = _clock.GetUtcNow();
        RedisRateLimitCoordinator minute = RedisTestClients.Coordinator(first, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute) = (prefix, 2));
        RedisRateLimitCoordinator tenSeconds = RedisTestClients.Coordinator(second, _clock, start, l => (l.KeyPrefix, l.RequestsPerMinute, l.Window) = (prefix, 2, TimeSpan.FromSeconds(10)));

        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(minute, 3));
        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(tenSeconds, 3));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await RedisTestClients.AdmitManyAsync(tenSeconds, 3));

        Assert.Equal(0, await RedisTestClients.AdmitManyAsync(minute, 1)); // its grants are 10 s old in its 61 s window
        Assert.Equal(2, (await RedisTestClients.GrantsAsync(first, minute)).Length);
    }
}
