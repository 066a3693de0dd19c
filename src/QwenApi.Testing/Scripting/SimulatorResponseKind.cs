namespace QwenApi.Testing;

/// <summary>What a scripted <see cref="SimulatorResponse"/> does with the request it serves.</summary>
internal enum SimulatorResponseKind
{
    /// <summary>The default behaviour, as if nothing were scripted (used with extra headers).</summary>
    Default,
    Answer,
    ToolCalls,
    Replay,
    Error,
    ResetBeforeHeaders,
    StallBeforeHeaders,
    StallAfterChunks,
    DropAfterChunks,
    CutAfterChunks,
    InBandErrorAfterChunks,
    SlowDrip,
}
