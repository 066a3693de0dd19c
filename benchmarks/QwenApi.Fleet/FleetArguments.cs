using System.Globalization;

namespace QwenApi.Fleet;

/// <summary>The command line, for the orchestrator and for a worker (which gets <c>--worker</c> and the run's settings).</summary>
internal sealed class FleetArguments
{
    public bool IsWorker { get; private set; }

    public const string Usage =
        "Usage: [--workers N] [--callers C] [--seconds S] [--drain D] [--mode off|local|redis|openai] [--scenario NAME] "
        + "[--tpm N | --over-demand X] [--redis-server auto|redis-server|garnet] [--accounting match|admission|usage]";

    // Defaults for a development run of a few seconds a line; docs/benchmarks.md and the README give the target run.
    public int Workers { get; private set; } = 2;

    public int Seconds { get; private set; } = 10;

    /// <summary>How long in-flight calls may take to finish after <see cref="Seconds"/> before they are cut.</summary>
    public int DrainSeconds { get; private set; } = 5;

    public int Callers { get; private set; } = 2;

    /// <summary>The one mode to run, or <see langword="null"/> for all of them in sequence.</summary>
    public string? Mode { get; private set; }

    /// <summary>The one scenario to run, or <see langword="null"/> for all of them in sequence.</summary>
    public FleetScenario? Scenario { get; private set; }

    /// <summary>How many times the key's TPM the fleet could use (see <see cref="FleetPlan.TokensPerMinute"/>).</summary>
    public double OverDemand { get; private set; } = 3;

    /// <summary>Which server redis mode uses: <c>auto</c> (redis-server if on PATH, else embedded Garnet), <c>redis-server</c> or <c>garnet</c>.</summary>
    public string RedisServer { get; private set; } = "auto";

    /// <summary>The clients' token accounting: <c>match</c> (the scenario's server), <c>admission</c> or <c>usage</c>.</summary>
    public string Accounting { get; private set; } = "match";

    // Worker only.
    public int WorkerIndex { get; private set; }

    public Uri? Endpoint { get; private set; }

    public Uri? WarmupEndpoint { get; private set; }

    public string Key { get; private set; } = "";

    public string? Redis { get; private set; }

    public int RequestsPerMinute { get; private set; }

    /// <summary>The key's TPM: given by <c>--tpm</c>, else 0 (the orchestrator computes it; a worker is always given it).</summary>
    public int TokensPerMinute { get; private set; }

    public int MaxTokens { get; private set; }

    public static FleetArguments Parse(string[] args)
    {
        var parsed = new FleetArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--worker")
            {
                parsed.IsWorker = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            string value = args[++i];
            switch (name)
            {
                case "--workers": parsed.Workers = Positive(name, value); break;
                case "--seconds": parsed.Seconds = Positive(name, value); break;
                case "--drain": parsed.DrainSeconds = Positive(name, value); break;
                case "--callers": parsed.Callers = Positive(name, value); break;
                case "--mode": parsed.Mode = FleetModes.Check(value); break;
                case "--scenario": parsed.Scenario = FleetScenario.Find(value); break;
                case "--over-demand": parsed.OverDemand = PositiveNumber(name, value); break;
                case "--redis-server": parsed.RedisServer = value is "auto" or "redis-server" or "garnet" ? value : throw new ArgumentException($"--redis-server must be auto|redis-server|garnet, not '{value}'."); break;
                case "--accounting": parsed.Accounting = value is "match" or "admission" or "usage" ? value : throw new ArgumentException($"--accounting must be match|admission|usage, not '{value}'."); break;
                case "--index": parsed.WorkerIndex = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--endpoint": parsed.Endpoint = new Uri(value); break;
                case "--warmup": parsed.WarmupEndpoint = new Uri(value); break;
                case "--key": parsed.Key = value; break;
                case "--redis": parsed.Redis = value; break;
                case "--rpm": parsed.RequestsPerMinute = Positive(name, value); break;
                case "--tpm": parsed.TokensPerMinute = Positive(name, value); break;
                case "--max-tokens": parsed.MaxTokens = Positive(name, value); break;
                default: throw new ArgumentException($"Unknown argument {name}. {Usage}");
            }
        }

        return parsed;
    }

    private static double PositiveNumber(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
