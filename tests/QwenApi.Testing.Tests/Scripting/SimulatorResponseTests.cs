namespace QwenApi.Testing.Tests.Scripting;

public sealed class SimulatorResponseTests
{
    [Fact]
    public void Factories_InvalidArguments_ThrowAtTheCallSite()
    {
        Assert.Throws<ArgumentNullException>(() => SimulatorResponse.Answer(null!));
        Assert.Throws<ArgumentException>(() => SimulatorResponse.ToolCalls());
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.Replay("x", "text/plain", splitEveryBytes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.Error(600));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.StallAfterChunks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.DropAfterChunks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.CutAfterChunks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.InBandErrorAfterChunks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorResponse.SlowDrip(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void ReplayFile_MissingFile_ThrowsIOException()
    {
        Assert.ThrowsAny<IOException>(() => SimulatorResponse.ReplayFile(Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid() + ".sse")));
    }

    [Fact]
    public async Task Enqueue_EmptyMarker_ThrowsArgumentException()
    {
        await using var simulator = await QwenSimulator.StartAsync();

        Assert.Throws<ArgumentException>(() => simulator.Enqueue("", SimulatorResponse.Answer("x")));
    }
}
