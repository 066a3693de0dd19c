using System.Globalization;

namespace QwenApi.Fleet;

/// <summary>The command line, for the orchestrator and for a worker (which gets <c>--worker</c> and the run's settings).</summary>
internal sealed class FleetArguments
{
    public bool IsWorker { get; private set; }

    public int Workers { get; private set; } = 8;

    public int Seconds { get; private set; } = 60;

    /// <summary>How long in-flight calls may take to finish after <see cref="Seconds"/> before they are cut.</summary>
    public int DrainSeconds { get; private set; } = 30;

    public int Callers { get; private set; } = 4;

    /// <summary>The one mode to run, or <see langword="null"/> for all of them in sequence.</summary>
    public string? Mode { get; private set; }

    // Worker only.
    public int WorkerIndex { get; private set; }

    public Uri? Endpoint { get; private set; }

    public Uri? WarmupEndpoint { get; private set; }

    public string Key { get; private set; } = "";

    public string? Redis { get; private set; }

    public int RequestsPerMinute { get; private set; }

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
                case "--index": parsed.WorkerIndex = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--endpoint": parsed.Endpoint = new Uri(value); break;
                case "--warmup": parsed.WarmupEndpoint = new Uri(value); break;
                case "--key": parsed.Key = value; break;
                case "--redis": parsed.Redis = value; break;
                case "--rpm": parsed.RequestsPerMinute = Positive(name, value); break;
                case "--tpm": parsed.TokensPerMinute = Positive(name, value); break;
                case "--max-tokens": parsed.MaxTokens = Positive(name, value); break;
                default: throw new ArgumentException($"Unknown argument {name}. Usage: [--workers N] [--seconds S] [--mode off|local|redis|openai] [--callers C] [--drain D]");
            }
        }

        return parsed;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
