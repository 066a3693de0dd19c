using Polly;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary><see cref="QwenClientOptions.ConfigureResilience"/> runs once, on the injected clock, and its strategies run per attempt, inside the retry.</summary>
public sealed class ResilienceHookTests
{
    [Fact]
    public async Task ConfigureResilience_AddedStrategy_RunsOncePerAttemptInsideTheRetry()
    {
        var counter = new CountingStrategy();
        int hookCalls = 0;
        TimeProvider? builderClock = null;
        await using SimulatorHarness harness = await SimulatorHarness.StartAsync(o => o.ConfigureResilience = builder =>
        {
            hookCalls++;
            builderClock = builder.TimeProvider;
            builder.AddStrategy(_ => counter, new CountingStrategyOptions());
        });
        (QwenSimulator simulator, TrackingTimeProvider clock, QwenChatClient client) = harness;
        simulator.Enqueue(SimulatorResponse.Error(503));

        Task<string> call = ChatCalls.CallAsync(client, "hi", stream: true);
        await clock.DriveAsync(call);

        Assert.Equal(ChatCalls.AnswerTo("hi"), await call);
        Assert.Equal(1, hookCalls);
        Assert.Same(clock, builderClock);
        Assert.Equal(2, counter.Executions);
    }

    private sealed class CountingStrategyOptions : ResilienceStrategyOptions;

    private sealed class CountingStrategy : ResilienceStrategy
    {
        private int _executions;

        public int Executions => Volatile.Read(ref _executions);

        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            Interlocked.Increment(ref _executions);
            return callback(context, state);
        }
    }
}
