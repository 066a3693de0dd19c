using System.Globalization;
using Microsoft.Extensions.AI;
using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>
/// The key's plan and the one call every caller repeats. Every answer has the same shape: the simulator counts prompt
/// characters / 4 plus the answer's words, and the answer is exactly <see cref="AnswerTokens"/> words whatever the client
/// asks for, so usage is the same for every mode; what the server charges depends on the scenario (<see cref="FleetScenario"/>).
/// </summary>
internal static class FleetPlan
{
    /// <summary>Never binds: far over the requests a minute the token limit admits.</summary>
    public const int RequestsPerMinute = 20_000;

    public const int AnswerTokens = 120;

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

    /// <summary>Exactly <see cref="AnswerTokens"/> words, so exactly that many completion tokens.</summary>
    public static string Answer { get; } = string.Join(' ', Enumerable.Range(0, AnswerTokens).Select(i => s_words[i % s_words.Length]));

    public static IReadOnlyList<ChatMessage> Messages { get; } = [new(ChatRole.User, Prompt)];

    public static int PromptTokens => (Prompt.Length + 3) / 4;

    /// <summary>The tokens a call uses (its <c>usage.total_tokens</c>).</summary>
    public static int TokensPerCall => PromptTokens + AnswerTokens;

    /// <summary>How long an unthrottled call takes: time to first token, then every answer token (unary answers come whole).</summary>
    public static TimeSpan CallDuration => TimeToFirstToken + TimeSpan.FromSeconds(AnswerTokens / TokensPerSecond);

    /// <summary>
    /// The key's TPM: unless <c>--tpm</c> says otherwise, what the fleet's callers would use in the run's first minute (or the
    /// whole run, if shorter), divided by the over-demand. 8 workers × 4 callers at about 680 ms a call could use
    /// ≈ 480 k tokens a minute: 160 k for 3× over-demand; one process alone (≈ 60 k) stays under it, the N× problem.
    /// </summary>
    public static int TokensPerMinute(FleetArguments arguments)
    {
        if (arguments.TokensPerMinute > 0)
        {
            return arguments.TokensPerMinute;
        }

        double callsPerMinute = arguments.Workers * arguments.Callers * 60 / CallDuration.TotalSeconds;
        double demand = callsPerMinute * TokensPerCall * Math.Min(arguments.Seconds, 60) / 60;
        return (int)Math.Max(1, Math.Round(demand / arguments.OverDemand, MidpointRounding.AwayFromZero));
    }

    public static ChatOptions ChatOptions(int maxTokens) => new() { MaxOutputTokens = maxTokens, ModelId = Model };

    public static QwenSimulatorOptions SimulatorOptions(FleetScenario scenario, int tokensPerMinute, Action<SimulatorRequest> requestReceived) => new()
    {
        ApiKey = Key,
        RequestsPerMinute = RequestsPerMinute,
        TokensPerMinute = tokensPerMinute,
        TokenAccounting = scenario.Accounting,
        RateLimitWindow = scenario.Window,
        MaxRetryAfterHint = scenario.MaxRetryAfterHint,
        TimeToFirstToken = TimeToFirstToken,
        TokensPerSecond = TokensPerSecond,
        AnswerFactory = _ => Answer,
        RequestReceived = requestReceived,
    };

    public static string Describe(FleetArguments arguments) => string.Create(CultureInfo.InvariantCulture,
        $"fleet plan: tpm={TokensPerMinute(arguments)} rpm={RequestsPerMinute} over_demand={arguments.OverDemand:0.#} ttft_ms={TimeToFirstToken.TotalMilliseconds:0} "
        + $"tokens_per_s={TokensPerSecond:0} prompt_tokens={PromptTokens} answer_tokens={AnswerTokens} tokens_per_call={TokensPerCall} "
        + $"workers={arguments.Workers} callers={arguments.Callers} seconds={arguments.Seconds} drain_s={arguments.DrainSeconds}");
}
