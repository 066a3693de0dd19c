using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>
/// How the key's server counts and answers: the simulator's plan-limit options for one run of every mode. The real-server
/// scenarios send short hints (2 s at most), as OpenAI does, and the fleet's calls ask for twice the tokens their answers
/// use (<c>max_tokens</c> 240 for a 120-token answer), so admission accounting charges more than usage.
/// </summary>
/// <param name="Name">The name on the command line and in the result line.</param>
/// <param name="Accounting">What a call is charged against the key's TPM.</param>
/// <param name="Window">Fixed one-minute windows or a sliding minute.</param>
/// <param name="MaxRetryAfterHint">The cap on <c>Retry-After</c>, or <see langword="null"/> for the truthful wait.</param>
/// <param name="MaxOutputTokens">The <c>max_tokens</c> every call sends.</param>
/// <param name="RedisOutage">Whether Redis is killed at 1/3 of the run and restarted empty at 2/3 (redis mode only).</param>
internal sealed record FleetScenario(
    string Name,
    SimulatorTokenAccounting Accounting,
    SimulatorRateLimitWindow Window,
    TimeSpan? MaxRetryAfterHint,
    int MaxOutputTokens,
    bool RedisOutage = false)
{
    private static readonly TimeSpan s_shortHint = TimeSpan.FromSeconds(2);

    /// <summary>Gets every scenario, in the order a run takes them.</summary>
    public static IReadOnlyList<FleetScenario> All { get; } =
    [
        // The simulator as round 6 knew it: usage over fixed windows, Retry-After the rest of the window.
        new("classic", SimulatorTokenAccounting.Usage, SimulatorRateLimitWindow.Fixed, null, FleetPlan.AnswerTokens),
        new("usage-fixed", SimulatorTokenAccounting.Usage, SimulatorRateLimitWindow.Fixed, s_shortHint, 2 * FleetPlan.AnswerTokens),
        new("usage-sliding", SimulatorTokenAccounting.Usage, SimulatorRateLimitWindow.Sliding, s_shortHint, 2 * FleetPlan.AnswerTokens),
        new("admission-fixed", SimulatorTokenAccounting.Admission, SimulatorRateLimitWindow.Fixed, s_shortHint, 2 * FleetPlan.AnswerTokens),
        new("admission-sliding", SimulatorTokenAccounting.Admission, SimulatorRateLimitWindow.Sliding, s_shortHint, 2 * FleetPlan.AnswerTokens),
        new("redis-outage", SimulatorTokenAccounting.Admission, SimulatorRateLimitWindow.Sliding, s_shortHint, 2 * FleetPlan.AnswerTokens, RedisOutage: true),
    ];

    /// <summary>Gets what the server charges a successful call against the key's TPM.</summary>
    public int TokensCharged => FleetPlan.PromptTokens + (Accounting == SimulatorTokenAccounting.Admission ? MaxOutputTokens : FleetPlan.AnswerTokens);

    /// <summary>
    /// Gets the clients' <see cref="QwenApi.Extensions.AI.QwenRateLimitOptions.TokenAccounting"/> for <paramref name="choice"/>:
    /// <c>match</c> (what an operator who knows the server sets), <c>admission</c> (the library's safe default) or <c>usage</c>.
    /// </summary>
    public QwenApi.Extensions.AI.QwenTokenAccounting ClientAccounting(string choice) => choice switch
    {
        "admission" => QwenApi.Extensions.AI.QwenTokenAccounting.Admission,
        "usage" => QwenApi.Extensions.AI.QwenTokenAccounting.Usage,
        _ => Accounting == SimulatorTokenAccounting.Usage ? QwenApi.Extensions.AI.QwenTokenAccounting.Usage : QwenApi.Extensions.AI.QwenTokenAccounting.Admission,
    };

    public static FleetScenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"--scenario must be one of {string.Join('|', All.Select(s => s.Name))}, not '{name}'.");

    /// <summary>Gets whether <paramref name="mode"/> runs in this scenario: the outage only matters where there is a Redis.</summary>
    public bool Runs(string mode) => !RedisOutage || mode == FleetModes.Redis;
}
