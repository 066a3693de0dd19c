using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>
/// Starts a fresh simulator (on a fake clock at <see cref="Now"/>) and an HTTP client for each test, and stops
/// both after it.
/// </summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    /// <summary>The fake clock's start: 2026-02-10T23:08:26Z, Unix time 1770764906.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1770764906);

    public FakeTimeProvider Time { get; } = new(Now);

    public QwenSimulator Simulator { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public virtual async Task InitializeAsync() => Simulator = await QwenSimulator.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
    }

    protected virtual QwenSimulatorOptions CreateOptions() => new() { TimeProvider = Time };

    protected Task<List<string>> StreamAsync(string body) => SimulatorHttp.StreamAsync(Client, Simulator, body);

    protected Task<(int Status, string Body)> SendAsync(string body, string? apiKey = null) =>
        SimulatorHttp.SendAsync(Client, Simulator, body, apiKey);

    protected Task<HttpResponseMessage> PostAsync(string body, CancellationToken cancellationToken = default) =>
        SimulatorHttp.PostAsync(Client, Simulator, body, cancellationToken: cancellationToken);
}
