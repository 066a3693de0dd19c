using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// The in-memory coordinator on a fake clock: the request and token sliding windows of its limits (exact waits), an
/// estimate no window can ever hold, token accounting on reconcile, the server's reported budget less what was admitted
/// since, pauses per scope, and per-model scopes.
/// </summary>
public sealed class CoordinatorLimitsTests
{
    private const string Scope = "https://example.test/v1/chat/completions|KEY";

    [Fact]
    public async Task RequestWindow_Full_RefusesUntilTheOldestGrantLeaves()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { RequestsPerMinute = 2, Window = TimeSpan.FromSeconds(60) }, clock);

        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 10);
        clock.Advance(TimeSpan.FromSeconds(50));

        Assert.False(refused.IsAdmitted);
        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromSeconds(50), refused.RetryAfter);
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
    }

    [Fact]
    public async Task TokenWindow_RefusalTakesNoRequestGrant()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { RequestsPerMinute = 2, TokensPerMinute = 1000 }, clock);

        Assert.True((await coordinator.AdmitAsync(Scope, 900)).IsAdmitted);
        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 200);

        Assert.False(refused.IsAdmitted);
        Assert.Equal(TimeSpan.FromSeconds(61), refused.RetryAfter);
        Assert.Contains("100 of 1000 tokens left", refused.Reason, StringComparison.Ordinal);
        Assert.True((await coordinator.AdmitAsync(Scope, 100)).IsAdmitted); // the refused call's request was given back
    }

    [Fact]
    public async Task Estimate_LargerThanTheTokenLimit_IsRefusedWithoutAWait()
    {
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { TokensPerMinute = 1000 }, TestClients.FakeTime());

        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 1001);

        Assert.False(refused.IsAdmitted);
        Assert.Null(refused.RetryAfter);
        Assert.Contains("exceed the token limit", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(QwenTokenAccounting.Admission, 300, 700)] // never below the estimate
    [InlineData(QwenTokenAccounting.Admission, 800, 200)] // up when the real use was larger
    [InlineData(QwenTokenAccounting.Usage, 300, 700)]
    [InlineData(QwenTokenAccounting.Usage, 100, 900)] // down to the reported usage
    public async Task Reconcile_AppliesTheTokenAccounting(QwenTokenAccounting accounting, long used, long leftAfter)
    {
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { TokensPerMinute = 1000, TokenAccounting = accounting }, TestClients.FakeTime());
        using QwenRateLimitAdmission grant = await coordinator.AdmitAsync(Scope, 300);

        await grant.ReconcileAsync(used);
        await grant.ReconcileAsync(0); // only the first correction counts

        Assert.True((await coordinator.AdmitAsync(Scope, leftAfter)).IsAdmitted);
        Assert.False((await coordinator.AdmitAsync(Scope, 1)).IsAdmitted);
    }

    [Fact]
    public async Task ServerBudget_RemainingLessWhatWasAdmittedSince_UntilTheReset()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        DateTimeOffset observedAttempt = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted); // not in the server's count yet
        await coordinator.ObserveAsync(Scope, new QwenServerRateLimits { RemainingRequests = 3, RequestsResetAt = clock.GetUtcNow().AddSeconds(30), AdmittedAt = observedAttempt });

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 10);

        Assert.False(refused.IsAdmitted);
        Assert.Equal(TimeSpan.FromSeconds(28), refused.RetryAfter);
        Assert.Equal(QwenRateLimitSource.Window, refused.RefusedBy);
        clock.Advance(TimeSpan.FromSeconds(28));
        Assert.True((await coordinator.AdmitAsync(Scope, 10)).IsAdmitted);
    }

    [Fact]
    public async Task ServerBudget_Tokens_HoldBackACallThatDoesNotFit()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await coordinator.ObserveAsync(Scope, new QwenServerRateLimits { RemainingTokens = 500, TokensResetAt = clock.GetUtcNow().AddSeconds(6), AdmittedAt = clock.GetUtcNow() });

        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 501);

        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
        Assert.True((await coordinator.AdmitAsync(Scope, 500)).IsAdmitted);
    }

    [Fact]
    public async Task ServerBudget_ThatRefills_IsReadAsRefillingLinearlyToTheLimitByTheReset()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await coordinator.ObserveAsync(Scope, Tokens(remaining: 100, limit: 1_000, resetIn: 60, admittedAt: clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));

        // A later answer with more remaining before the first reset: the server frees capacity as time passes.
        await coordinator.ObserveAsync(Scope, Tokens(remaining: 200, limit: 1_000, resetIn: 60, admittedAt: clock.GetUtcNow()));
        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 600);

        // 200 now, 1,000 in 60 s: 600 fit after (600 - 200) / 800 of the 60 s.
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await coordinator.AdmitAsync(Scope, 600)).IsAdmitted);
    }

    [Fact]
    public async Task ServerBudget_ThatOnlyFalls_IsAWallUntilTheReset()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await coordinator.ObserveAsync(Scope, Tokens(remaining: 300, limit: 1_000, resetIn: 60, admittedAt: clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));

        // A fixed window: what remains only falls until the reset, so nothing is assumed to free before it.
        await coordinator.ObserveAsync(Scope, Tokens(remaining: 200, limit: 1_000, resetIn: 59, admittedAt: clock.GetUtcNow()));
        QwenRateLimitAdmission refused = await coordinator.AdmitAsync(Scope, 600);

        Assert.Equal(TimeSpan.FromSeconds(59), refused.RetryAfter);
    }

    private static QwenServerRateLimits Tokens(long remaining, long limit, int resetIn, DateTimeOffset admittedAt) => new()
    {
        RemainingTokens = remaining,
        TokenLimit = limit,
        TokensResetAt = admittedAt.AddSeconds(resetIn),
        AdmittedAt = admittedAt,
    };

    [Fact]
    public async Task ServerBudget_AnAnswerAboutAnOlderAttempt_DoesNotReplaceANewerOne()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        DateTimeOffset older = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(1));
        DateTimeOffset newer = clock.GetUtcNow();
        DateTimeOffset reset = newer.AddSeconds(10);

        await coordinator.ObserveAsync(Scope, new QwenServerRateLimits { RemainingRequests = 0, RequestsResetAt = reset, AdmittedAt = newer });
        await coordinator.ObserveAsync(Scope, new QwenServerRateLimits { RemainingRequests = 50, RequestsResetAt = reset, AdmittedAt = older });

        Assert.False((await coordinator.AdmitAsync(Scope, 1)).IsAdmitted);
    }

    [Fact]
    public async Task Pause_AppliesToItsScopeOnly_AndTheLaterOneStays()
    {
        FakeTimeProvider clock = TestClients.FakeTime();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        string modelA = QwenRateLimitCoordinator.GetScope(new Uri("https://example.test/v1"), "sk-key", "qwen-plus");
        string modelB = QwenRateLimitCoordinator.GetScope(new Uri("https://example.test/v1"), "sk-key", "qwen-turbo");

        await coordinator.PauseAsync(modelA, clock.GetUtcNow().AddSeconds(20));
        await coordinator.PauseAsync(modelA, clock.GetUtcNow().AddSeconds(5));
        QwenRateLimitAdmission paused = await coordinator.AdmitAsync(modelA, 1);

        Assert.Equal((false, QwenRateLimitSource.Pause, TimeSpan.FromSeconds(20)), (paused.IsAdmitted, paused.RefusedBy, paused.RetryAfter!.Value));
        Assert.True((await coordinator.AdmitAsync(modelB, 1)).IsAdmitted);
        Assert.Equal(QwenRateLimitCoordinator.GetScope(new Uri("https://example.test/v1"), "sk-key") + "|qwen-plus", modelA);
    }
}
