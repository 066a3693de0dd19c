namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Moves a <see cref="TrackingTimeProvider"/> while a call runs, without real sleeps: whenever a timer is armed it jumps
/// the clock exactly to that timer's due time; otherwise it waits for a signal (a timer armed, or the call ending).
/// Tests that use it give the client only the timers they mean to be waited on (for example every timeout infinite in a
/// retry test), so a jump never fires a timeout while real I/O is still in flight.
/// </summary>
internal static class ClockDriver
{
    /// <summary>Real-time bound on a single wait for progress: reaching it means the code under test hung.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>Drives the clock until <paramref name="call"/> completes and returns each jump made, in order.</summary>
    /// <param name="clock">The clock the client (and possibly the simulator) uses.</param>
    /// <param name="call">The call under test; its outcome is not observed here.</param>
    /// <param name="beforeAdvance">Awaited before every jump, for example until the simulator saw a request.</param>
    /// <param name="maxAdvances">A bound on jumps, so a retry loop that never ends fails instead of spinning.</param>
    public static async Task<IReadOnlyList<TimeSpan>> DriveAsync(this TrackingTimeProvider clock, Task call, Func<Task>? beforeAdvance = null, int maxAdvances = 100)
    {
        var jumps = new List<TimeSpan>();
        while (!call.IsCompleted)
        {
            Task changed = clock.WhenChanged();
            if (clock.NextDue() is null)
            {
                await Guard(Task.WhenAny(call, changed)).ConfigureAwait(false);
                continue;
            }

            if (beforeAdvance is not null)
            {
                await Guard(Task.WhenAny(call, beforeAdvance())).ConfigureAwait(false);
            }

            // Past the gate, commit to exactly one real jump: a timer may be between a disarm and a re-arm right now.
            while (!call.IsCompleted)
            {
                Task rearmed = clock.WhenChanged();
                if (clock.TryAdvanceToNextTimer(out TimeSpan step))
                {
                    Assert.True(jumps.Count < maxAdvances, $"The clock was advanced {maxAdvances} times and the call is still running.");
                    jumps.Add(step);
                    break;
                }

                await Guard(Task.WhenAny(call, rearmed)).ConfigureAwait(false);
            }
        }

        return jumps;
    }

    /// <summary>Waits for <paramref name="task"/>, failing the test if it takes longer than <see cref="HangGuard"/>.</summary>
    public static async Task Guard(Task task)
    {
        try
        {
            await task.WaitAsync(HangGuard).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No progress within {HangGuard.TotalSeconds} s of real time: the call hung.");
        }
    }

    /// <summary>Awaits <paramref name="task"/> with the hang guard and returns its result.</summary>
    public static async Task<T> Guard<T>(Task<T> task)
    {
        await Guard((Task)task).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }
}
