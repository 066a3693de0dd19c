using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// The arrange most client tests share: a <see cref="QwenSimulator"/>, a <see cref="TrackingTimeProvider"/> and a client
/// of the simulator on that clock with <see cref="TestClients"/>' options. Deconstruct it to name the three; disposing it
/// disposes every client it made, then the simulator.
/// </summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    private readonly List<QwenChatClient> _clients = [];

    private SimulatorHarness(QwenSimulator simulator, TrackingTimeProvider clock)
    {
        Simulator = simulator;
        Clock = clock;
    }

    public QwenSimulator Simulator { get; }

    public TrackingTimeProvider Clock { get; }

    /// <summary>Gets the client made at start.</summary>
    public QwenChatClient Client => _clients[0];

    /// <summary>Starts a simulator (with the options <paramref name="simulator"/> makes for the clock, when given) and a client configured by <paramref name="configure"/>.</summary>
    public static async Task<SimulatorHarness> StartAsync(
        Action<QwenClientOptions>? configure = null, Func<TrackingTimeProvider, QwenSimulatorOptions>? simulator = null, ILoggerFactory? logs = null)
    {
        var clock = new TrackingTimeProvider();
        var harness = new SimulatorHarness(await QwenSimulator.StartAsync(simulator?.Invoke(clock)), clock);
        try
        {
            _ = harness.CreateClient(configure, logs);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes another client of the same simulator and clock, disposed with the harness.</summary>
    public QwenChatClient CreateClient(Action<QwenClientOptions>? configure = null, ILoggerFactory? logs = null)
    {
        QwenChatClient client = TestClients.Create(Simulator, Clock, configure, logs);
        _clients.Add(client);
        return client;
    }

    public void Deconstruct(out QwenSimulator simulator, out TrackingTimeProvider clock, out QwenChatClient client) =>
        (simulator, clock, client) = (Simulator, Clock, Client);

    public async ValueTask DisposeAsync()
    {
        foreach (QwenChatClient client in _clients)
        {
            client.Dispose();
        }

        await Simulator.DisposeAsync();
    }
}
