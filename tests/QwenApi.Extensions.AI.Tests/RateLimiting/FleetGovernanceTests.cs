using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// The coordinator end to end over the simulator, on one fake clock (issue 17): the server's x-ratelimit-* headers hold a
/// call back until the server's reset (no 429 needed), a tokens 429 with a short Retry-After pauses until the token reset,
/// the coordinator's own windows refuse at once past the deadline, per-model scopes pause one model only, QueueLimit
/// bounds this process's waiters, and the token estimate is taken for a coordinator alone.
/// </summary>
public sealed class FleetGovernanceTests
{
    private const string TokensError = """{"error":{"message":"Tokens rate limit exceeded, please try again later.","type":"limit_requests","code":"limit_tokens"}}""";

    [Fact]
    public async Task ServerHeaders_NoRequestsLeft_HoldTheNextCallBackUntilTheResetWithoutA429()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { RequestsPerMinute = 2, TimeProvider = clock });
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        using QwenChatClient client = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);
        await client.GetResponseAsync("one");
        await client.GetResponseAsync("two");

        Task<ChatResponse> third = client.GetResponseAsync("three");
        await clock.WaitUntilAsync(c => c.NextDue() is not null);

        Assert.Equal(2, simulator.Requests.Count); // held back: the server said no request is left
        Assert.InRange(Assert.Single(clock.ArmedDelays), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61));
        await clock.DriveAsync(third);
        Assert.Equal(ChatCalls.AnswerTo("three"), (await third).Text);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task Tokens429_WithAOneSecondRetryAfter_PausesUntilTheTokenBudgetFrees()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(null, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, TokensError, new Dictionary<string, string>
        {
            ["Retry-After"] = "1",
            ["x-ratelimit-remaining-tokens"] = "0",
            ["x-ratelimit-reset-tokens"] = "20s",
        }));
        using QwenChatClient first = TestClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        using QwenChatClient second = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);

        var limited = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => first.GetResponseAsync("first")));
        Task<ChatResponse> call = second.GetResponseAsync("second");
        await clock.WaitUntilAsync(c => c.NextDue() is not null);

        Assert.Equal((QwenRateLimitSource.Server, QwenRateLimitKind.Tokens), (limited.RefusedBy, limited.Limit));
        Assert.EndsWith("The server's tokens-per-minute limit was reached.", limited.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
        Assert.InRange(Assert.Single(clock.ArmedDelays), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(21));
        await clock.DriveAsync(call);
        Assert.Equal(ChatCalls.AnswerTo("second"), (await call).Text);
    }

    [Fact]
    public async Task CoordinatorWindow_WaitLongerThanTheDeadline_FailsAtOnceNamingTheWindow()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { RequestsPerMinute = 1 }, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, clock, o => (o.RateLimitCoordinator, o.OverallTimeout) = (coordinator, TimeSpan.FromSeconds(10)));
        await client.GetResponseAsync("first");

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("second")));

        Assert.Equal(QwenRateLimitSource.Window, error.RefusedBy);
        Assert.Null(error.StatusCode);
        Assert.StartsWith("Rate limit (Window): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the request window is full (1 per window)", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than the time left before QwenClientOptions.OverallTimeout", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(62));
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task KeyAndModelScope_A429PausesItsModelOnly()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { Scope = QwenRateLimitScope.KeyAndModel }, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "5" }));
        using QwenChatClient client = TestClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("plus", new ChatOptions { ModelId = "qwen-plus" })));

        ChatResponse turbo = await ClockDriver.Guard(client.GetResponseAsync("turbo", new ChatOptions { ModelId = "qwen-turbo" }));
        Task<ChatResponse> plus = client.GetResponseAsync("plus again", new ChatOptions { ModelId = "qwen-plus" });
        await clock.WaitUntilAsync(c => c.NextDue() is not null);

        Assert.Equal(ChatCalls.AnswerTo("turbo"), turbo.Text);
        Assert.InRange(Assert.Single(clock.ArmedDelays), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        await clock.DriveAsync(plus);
        Assert.Equal(ChatCalls.AnswerTo("plus again"), (await plus).Text);
    }

    [Fact]
    public async Task QueueLimit_OneWaiterAlready_TheNextCallFailsAtOnce()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { QueueLimit = 1 }, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "5" }));
        using QwenChatClient client = TestClients.Create(simulator, clock, o => (o.MaxRetries, o.RateLimitCoordinator) = (0, coordinator));
        await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("first")));

        Task<ChatResponse> waiting = client.GetResponseAsync("waits");
        await clock.WaitUntilAsync(c => c.NextDue() is not null);
        var full = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("refused")));

        Assert.Equal(QwenRateLimitSource.Pause, full.RefusedBy);
        Assert.Contains("QwenRateLimitOptions.QueueLimit", full.Message, StringComparison.Ordinal);
        await clock.DriveAsync(waiting);
        Assert.Equal(ChatCalls.AnswerTo("waits"), (await waiting).Text);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task CoordinatorAlone_EstimatesTokens_AndRefusesAnEstimateNoWindowCanHold()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions { TokensPerMinute = 1000 }, clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenChatClient client = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);

        var error = await ClockDriver.Guard(Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 2000 })));

        Assert.Equal(QwenRateLimitSource.Window, error.RefusedBy);
        Assert.Contains("exceed the token limit (1000 per window)", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting cannot help", error.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task CoordinatorThatFailsToObserveOrPause_NeverFailsTheCall()
    {
        var clock = new TrackingTimeProvider();
        var coordinator = new BrokenFeedbackCoordinator(clock);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { RequestsPerMinute = 100, TimeProvider = clock });
        simulator.Enqueue(SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using QwenChatClient client = TestClients.Create(simulator, clock, o => o.RateLimitCoordinator = coordinator);

        Task<ChatResponse> call = client.GetResponseAsync("still answered");
        await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("still answered"), (await call).Text);
        Assert.Equal((1, 1), (coordinator.Pauses, coordinator.Observations)); // the answer carried headers, the 429 did not
    }

    /// <summary>A coordinator whose store is down for feedback: observing and pausing throw.</summary>
    private sealed class BrokenFeedbackCoordinator(TimeProvider clock) : QwenRateLimitCoordinator(null, clock)
    {
        public int Pauses { get; private set; }

        public int Observations { get; private set; }

        public override ValueTask ObserveAsync(string scope, QwenServerRateLimits limits, CancellationToken cancellationToken = default)
        {
            Observations++;
            throw new InvalidOperationException("store down");
        }

        public override ValueTask PauseAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
        {
            Pauses++;
            throw new InvalidOperationException("store down");
        }
    }
}
