using System.Diagnostics;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests;

public sealed class QwenSimulatorTests
{
    [Fact]
    public async Task StartAsync_Defaults_ListensOnEphemeralLoopbackPortUnderV1()
    {
        await using var simulator = await QwenSimulator.StartAsync();

        Assert.Equal("127.0.0.1", simulator.Endpoint.Host);
        Assert.NotEqual(0, simulator.Endpoint.Port);
        Assert.Equal($"http://127.0.0.1:{simulator.Endpoint.Port}/v1", simulator.Endpoint.ToString());
        Assert.Equal("sim-key", simulator.ApiKey);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task StartAsync_ExplicitPort_ListensOnThatPort()
    {
        var port = LoopbackPort.Free();

        await using var simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { Port = port });

        Assert.Equal(port, simulator.Endpoint.Port);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        await using var first = await QwenSimulator.StartAsync();

        await Assert.ThrowsAnyAsync<IOException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { Port = first.Endpoint.Port }));
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { ApiKey = "" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { Port = 70000 }));
    }

    [Fact]
    public async Task StartAsync_OptionsChangedAfterStart_AreNotSeen()
    {
        var options = new QwenSimulatorOptions { ApiKey = "before" };
        await using var simulator = await QwenSimulator.StartAsync(options);

        options.ApiKey = "after";

        Assert.Equal("before", simulator.ApiKey);
    }

    [Fact]
    public async Task DisposeAsync_WithStalledRequest_CompletesPromptlyAndFailsTheClient()
    {
        var simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.StallBeforeHeaders());
        using var client = new HttpClient();
        var pending = SimulatorHttp.PostAsync(client, simulator, ChatBodies.User("Hi"));
        _ = await simulator.WaitForRequestAsync(1);

        var watch = Stopwatch.StartNew();
        await simulator.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"DisposeAsync took {watch.Elapsed}.");
        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task DisposeAsync_WithStallAfterChunks_CompletesPromptly()
    {
        var simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.StallAfterChunks(1));
        using var client = new HttpClient();
        using var response = await SimulatorHttp.PostAsync(client, simulator, ChatBodies.User("Hi", stream: true));

        var watch = Stopwatch.StartNew();
        await simulator.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"DisposeAsync took {watch.Elapsed}.");
        using var stream = await response.Content.ReadAsStreamAsync();
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task DisposeAsync_Twice_DoesNotThrow()
    {
        var simulator = await QwenSimulator.StartAsync();

        await simulator.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Fact]
    public async Task WaitForRequestAsync_BeforeAndAfterArrival_ReturnsTheRequest()
    {
        await using var simulator = await QwenSimulator.StartAsync();
        using var client = new HttpClient();
        var waiting = simulator.WaitForRequestAsync(2);

        _ = await SimulatorHttp.SendAsync(client, simulator, ChatBodies.User("one"));
        _ = await SimulatorHttp.SendAsync(client, simulator, ChatBodies.User("two"));

        Assert.Equal("two", (await waiting).LastUserMessage);
        Assert.Equal("one", (await simulator.WaitForRequestAsync(1)).LastUserMessage);
    }

    [Fact]
    public async Task WaitForRequestAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var simulator = await QwenSimulator.StartAsync();
        using var cancellation = new CancellationTokenSource();
        var waiting = simulator.WaitForRequestAsync(1, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
