namespace QwenApi.Testing;

/// <summary>The state shared by every request of one simulator.</summary>
internal sealed class SimulatorContext(QwenSimulatorOptions options, CancellationToken shutdown)
{
    public QwenSimulatorOptions Options { get; } = options;

    public SimulatorScript Script { get; } = new();

    public RequestRecorder Recorder { get; } = new();

    public PlanLimits Limits { get; } = new(options);

    /// <summary>Gets a token cancelled when the simulator is disposed, ending stalls and drips.</summary>
    public CancellationToken Shutdown { get; } = shutdown;
}
