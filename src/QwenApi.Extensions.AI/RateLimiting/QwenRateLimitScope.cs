namespace QwenApi.Extensions.AI;

/// <summary>What a <see cref="QwenRateLimitCoordinator"/>'s limits and pauses are counted for.</summary>
public enum QwenRateLimitScope
{
    /// <summary>The endpoint and API key: every model of the key shares one set of limits.</summary>
    Key,

    /// <summary>The endpoint, API key and model: each model has its own limits (as Qwen's plans count them).</summary>
    KeyAndModel,
}
