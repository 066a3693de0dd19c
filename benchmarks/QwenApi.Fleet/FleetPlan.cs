using System.Globalization;
using Microsoft.Extensions.AI;
using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>
/// The key's plan and the one call every caller repeats. Every answer has the same shape: the simulator charges
/// prompt characters / 4 plus the answer's words, and the answer is exactly <see cref="MaxTokens"/> words whatever the
/// client sends (MEAI's OpenAI client sends <c>max_completion_tokens</c>, which the simulator does not read, so a
/// longer answer capped by <c>max_tokens</c> would not be the same for every mode).
/// </summary>
internal static class FleetPlan
{
    /// <summary>
    /// Binds: 8 workers × 4 callers, each call about 680 ms (time to first token plus 120 tokens at 250 a second: unary
    /// answers are sent whole), could send about 47 calls/s × 170 tokens ≈ 480 k tokens a minute, 1.6× this. One process
    /// alone (4 callers, ≈ 60 k a minute) stays under it, which is what makes per-process limits useless for a fleet.
    /// </summary>
    public const int TokensPerMinute = 300_000;

    /// <summary>Never binds: over ten times the 1,764 requests a minute the token limit admits.</summary>
    public const int RequestsPerMinute = 20_000;

    public const int MaxTokens = 120;

    public const double TokensPerSecond = 250;

    public const string Model = "qwen-plus";

    public const string Key = "sk-fleet-0000000000000000000000000000";

    public static TimeSpan TimeToFirstToken { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>200 characters: 50 prompt tokens on the simulator's scale.</summary>
    public const string Prompt =
        "You keep a lighthouse on a cold northern coast. A storm is coming tonight. Describe, step by step, how you "
        + "prepare the lamp, the logbook, the radio and yourself for the long night ahead of you, alone.";

    // Declared before Answer: static initializers run in textual order.
    private static readonly string[] s_words =
        ["First", "I", "trim", "the", "wick,", "polish", "the", "lens,", "check", "the", "fuel", "and", "write", "the", "hour", "down."];

    /// <summary>Exactly <see cref="MaxTokens"/> words, so exactly that many completion tokens.</summary>
    public static string Answer { get; } = string.Join(' ', Enumerable.Range(0, MaxTokens).Select(i => s_words[i % s_words.Length]));

    public static IReadOnlyList<ChatMessage> Messages { get; } = [new(ChatRole.User, Prompt)];

    public static int PromptTokens => (Prompt.Length + 3) / 4;

    /// <summary>What the simulator charges per admitted call.</summary>
    public static int TokensPerCall => PromptTokens + MaxTokens;

    public static ChatOptions ChatOptions(int maxTokens) => new() { MaxOutputTokens = maxTokens, ModelId = Model };

    public static QwenSimulatorOptions SimulatorOptions(Action<SimulatorRequest> requestReceived) => new()
    {
        ApiKey = Key,
        RequestsPerMinute = RequestsPerMinute,
        TokensPerMinute = TokensPerMinute,
        TimeToFirstToken = TimeToFirstToken,
        TokensPerSecond = TokensPerSecond,
        AnswerFactory = _ => Answer,
        RequestReceived = requestReceived,
    };

    public static string Describe(FleetArguments arguments) => string.Create(CultureInfo.InvariantCulture,
        $"fleet plan: tpm={TokensPerMinute} rpm={RequestsPerMinute} ttft_ms={TimeToFirstToken.TotalMilliseconds:0} tokens_per_s={TokensPerSecond:0} "
        + $"prompt_tokens={PromptTokens} max_tokens={MaxTokens} tokens_per_call={TokensPerCall} calls_per_minute_admitted={TokensPerMinute / TokensPerCall} "
        + $"workers={arguments.Workers} callers={arguments.Callers} seconds={arguments.Seconds} drain_s={arguments.DrainSeconds}");
}
