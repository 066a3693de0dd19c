namespace QwenApi.Fleet;

/// <summary>What one worker process reports, as one JSON line on its stdout when its run is over.</summary>
internal sealed class WorkerResult
{
    public int Worker { get; init; }

    /// <summary>Successful calls.</summary>
    public long Requests { get; init; }

    /// <summary>Sum of <c>usage.total_tokens</c> over the successful calls.</summary>
    public long Tokens { get; init; }

    /// <summary>Failed calls by exception type; calls still running when the drain ended are <c>CutAtDrainEnd</c>.</summary>
    public Dictionary<string, long> Failures { get; init; } = [];

    /// <summary>HTTP attempts the client sent (retries included) and how many were answered 429.</summary>
    public long HttpRequests { get; init; }

    public long Http429 { get; init; }

    /// <summary>Durations of the successful calls, whole call (client-side waits and retries included), in milliseconds.</summary>
    public List<double> LatenciesMs { get; init; } = [];
}
