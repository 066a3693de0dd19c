using System.Net.ServerSentEvents;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Scripting;

public sealed class SlowDripTests : SimulatorTestBase
{
    // An hour: were the simulator to wait on the real clock, the test would time out instead of passing.
    private static readonly TimeSpan s_interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task SlowDrip_Streamed_ReleasesOneEventPerIntervalOfTheFakeClock()
    {
        Simulator.Enqueue(SimulatorResponse.SlowDrip(s_interval));
        using var response = await PostAsync(ChatBodies.User("Hello there", stream: true));
        using var stream = await response.Content.ReadAsStreamAsync();
        await using var events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        var received = new List<string>();

        Assert.True(await events.MoveNextAsync());
        received.Add(events.Current.Data);
        while (true)
        {
            var next = events.MoveNextAsync();
            Time.Advance(s_interval);
            if (!await next)
            {
                break;
            }

            received.Add(events.Current.Data);
        }

        Assert.Equal(
        [
            ExpectedChunks.Role(),
            ExpectedChunks.Content("Simulated "),
            ExpectedChunks.Content("answer "),
            ExpectedChunks.Content("to: "),
            ExpectedChunks.Content("Hello "),
            ExpectedChunks.Content("there"),
            ExpectedChunks.Finish("stop"),
            "[DONE]",
        ],
        received);
    }

    [Fact]
    public async Task SlowDrip_Unary_SendsHeadersThenBodyAfterOneInterval()
    {
        Simulator.Enqueue(SimulatorResponse.SlowDrip(s_interval));
        using var response = await PostAsync(ChatBodies.User("Hi"));

        var body = response.Content.ReadAsStringAsync();
        Time.Advance(s_interval);

        Assert.Contains("Simulated answer to: Hi", await body, StringComparison.Ordinal);
    }
}
