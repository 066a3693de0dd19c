namespace QwenApi.Testing;

/// <summary>Over which minute the simulator counts <see cref="QwenSimulatorOptions.RequestsPerMinute"/> and <see cref="QwenSimulatorOptions.TokensPerMinute"/>.</summary>
public enum SimulatorRateLimitWindow
{
    /// <summary>One-minute windows one after another, each opened by the first request after the previous one ended.</summary>
    Fixed,

    /// <summary>The 60 seconds before each request: what was admitted leaves the window exactly a minute after it came in.</summary>
    Sliding,
}
