using System.Globalization;
using QwenApi.Testing;

namespace QwenApi.Fleet;

/// <summary>The workers' results of one mode in one scenario, and the one line the benchmark prints for it.</summary>
internal sealed class FleetSummary(
    string mode, FleetScenario scenario, string server, int tokensPerMinute, FleetArguments arguments, IReadOnlyList<WorkerResult> results, long serverRequests)
{
    public string Mode => mode;

    public FleetScenario Scenario => scenario;

    /// <summary>Gets the median whole-call latency of the successful calls, or <see langword="null"/> when none succeeded.</summary>
    public double? P50Ms => Percentiles.NearestRank(Latencies(), 50);

    /// <summary>
    /// <c>fleet mode=M scenario=S server="…" workers=N requests=R failed=F goodput_pct=G plan_used_pct=U r429_per_1000=X
    /// p50_ms=A p99_ms=B share_spread_pct=S [p50_over_off_ms=D]</c>: see the README for each field.
    /// </summary>
    /// <param name="offP50Ms">The <c>off</c> mode's p50 in the same scenario, when it ran.</param>
    public string Line(double? offP50Ms)
    {
        long tokens = results.Sum(r => r.Tokens);
        long requests = results.Sum(r => r.Requests);
        double budget = tokensPerMinute * arguments.Seconds / 60.0;
        long charged = scenario.Accounting == SimulatorTokenAccounting.Admission ? requests * scenario.TokensCharged : tokens;
        double per1000 = serverRequests == 0 ? 0 : 1000.0 * results.Sum(r => r.Http429) / serverRequests;
        double[] latencies = Latencies();
        double mean = (double)tokens / results.Count;
        string spread = mean == 0 ? "n/a" : Number(results.Max(r => Math.Abs(r.Tokens - mean)) / mean * 100, "0.0");
        string overOff = offP50Ms is { } off && mode != FleetModes.Off && P50Ms is { } p50 ? $" p50_over_off_ms={Number(p50 - off, "+0;-0;0")}" : "";
        string accounting = mode is FleetModes.Local or FleetModes.Redis ? $"client_accounting={scenario.ClientAccounting(arguments.Accounting).ToString().ToLowerInvariant()} " : "";
        return $"fleet mode={mode} scenario={scenario.Name} server=\"{server}\" {accounting}workers={results.Count} requests={requests} "
            + $"failed={results.Sum(r => r.Failures.Where(f => f.Key != Worker.CutAtDrainEnd).Sum(f => f.Value))} cut={results.Sum(r => r.Failures.GetValueOrDefault(Worker.CutAtDrainEnd))} goodput_pct={Number(100 * tokens / budget, "0.0")} plan_used_pct={Number(100 * charged / budget, "0.0")} "
            + $"r429_per_1000={Number(per1000, "0.0")} p50_ms={Milliseconds(latencies, 50)} p99_ms={Milliseconds(latencies, 99)} share_spread_pct={spread}{overOff}";
    }

    /// <summary>The counts behind the line, for stderr: failures by type, HTTP attempts seen by clients and by the server.</summary>
    public string Details()
    {
        var failures = results.SelectMany(r => r.Failures).GroupBy(f => f.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Sum(f => f.Value)}");
        long clientRequests = results.Sum(r => r.HttpRequests);
        string check = clientRequests == serverRequests ? "match" : $"MISMATCH client_sent={clientRequests}";
        return $"  mode={mode} scenario={scenario.Name} tpm={tokensPerMinute} tokens={results.Sum(r => r.Tokens)} server_http_requests={serverRequests} ({check}) "
            + $"http_429={results.Sum(r => r.Http429)} failed=[{string.Join(' ', failures)}] worker_tokens=[{string.Join(' ', results.OrderBy(r => r.Worker).Select(r => r.Tokens))}]";
    }

    private double[] Latencies() => [.. results.SelectMany(r => r.LatenciesMs).Order()];

    private static string Milliseconds(double[] sorted, double percent) =>
        Percentiles.NearestRank(sorted, percent) is { } value ? Number(value, "0") : "n/a";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
