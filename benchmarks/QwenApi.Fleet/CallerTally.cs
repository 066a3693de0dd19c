namespace QwenApi.Fleet;

/// <summary>What one caller of a worker counted. Owned by that caller while it runs, read once it is done.</summary>
internal sealed class CallerTally
{
    public long Requests { get; private set; }

    public long Tokens { get; private set; }

    public Dictionary<string, long> Failures { get; } = [];

    public List<double> LatenciesMs { get; } = [];

    public void Succeeded(TimeSpan duration, long tokens)
    {
        Requests++;
        Tokens += tokens;
        LatenciesMs.Add(Math.Round(duration.TotalMilliseconds, 1));
    }

    public void Failed(string kind) => Failures[kind] = Failures.GetValueOrDefault(kind) + 1;
}
