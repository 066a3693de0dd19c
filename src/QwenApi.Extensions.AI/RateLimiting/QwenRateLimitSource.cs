namespace QwenApi.Extensions.AI;

/// <summary>Who refused a call with a <see cref="QwenRateLimitException"/>.</summary>
public enum QwenRateLimitSource
{
    /// <summary>The server answered 429 (after the retries, or with a wait longer than the client may wait).</summary>
    Server,

    /// <summary>A pause a 429 set on the shared <see cref="QwenRateLimitCoordinator"/> would outlast the call's deadline.</summary>
    Pause,

    /// <summary>The coordinator's request or token window (or the server's last reported budget) would not admit the call in time.</summary>
    Window,

    /// <summary><see cref="QwenClientOptions.RequestRateLimiter"/> or <see cref="QwenClientOptions.TokenRateLimiter"/> did not grant the call.</summary>
    Limiter,
}
