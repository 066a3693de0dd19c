namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A sequence of conditions for <see cref="ClockDriver.DriveAsync"/>: jump number <c>i</c> waits for gate <c>i</c>; once
/// they are used up, no further jump is allowed (the gate waits for the call itself to end).
/// </summary>
internal sealed class Gates(Task call, params Func<Task>[] gates)
{
    private int _next;

    public static Task Now() => Task.CompletedTask;

    public Task Next() => _next < gates.Length ? gates[_next++]() : call;
}
