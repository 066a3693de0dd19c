namespace QwenApi.AotSmokeTest;

/// <summary>A wrong answer from the library under NativeAOT.</summary>
internal sealed class SmokeFailure(string message) : Exception(message);
