namespace QwenApi.Fleet;

/// <summary>The governance modes a fleet runs in.</summary>
internal static class FleetModes
{
    /// <summary>QwenChatClient with its defaults: no client-side limit, its retry honours <c>Retry-After</c>.</summary>
    public const string Off = "off";

    /// <summary>QwenChatClient with per-process sliding-window limiters for the key's RPM and TPM and a coordinator.</summary>
    public const string Local = "local";

    /// <summary>QwenChatClient with limits shared by the fleet through Redis (see <see cref="RedisMode"/>).</summary>
    public const string Redis = "redis";

    /// <summary>MEAI's OpenAIChatClient with its default retries.</summary>
    public const string OpenAI = "openai";

    public static IReadOnlyList<string> All { get; } = [Off, Local, Redis, OpenAI];

    public static string Check(string mode) =>
        All.Contains(mode) ? mode : throw new ArgumentException($"--mode must be one of {string.Join('|', All)}, not '{mode}'.");
}
