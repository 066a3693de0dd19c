using System.Diagnostics;

namespace QwenApi.Tests.Shared;

/// <summary>
/// Records the activities of one <see cref="ActivitySource"/> with a name of its own, for a test that passes
/// <see cref="Source"/> to <c>UseOpenTelemetry(sourceName: …)</c> (compiled into each project that needs it).
/// </summary>
internal sealed class ActivityCapture : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityCapture()
    {
        string source = Source;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Activities.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets the source name to record, unique to this capture so parallel tests never see each other's activities.</summary>
    public string Source { get; } = "qwen-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the activities that stopped, in order.</summary>
    public List<Activity> Activities { get; } = [];

    public void Dispose() => _listener.Dispose();
}
