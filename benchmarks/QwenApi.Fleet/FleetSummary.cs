using System.Globalization;

namespace QwenApi.Fleet;

/// <summary>The workers' results of one mode, and the one line the benchmark prints for it.</summary>
internal sealed class FleetSummary(string mode, FleetArguments arguments, IReadOnlyList<WorkerResult> results, long serverRequests)
{
    /// <summary>
    /// <c>fleet mode=M workers=N requests=R goodput_pct=G r429_per_1000=X p50_ms=A p99_ms=B share_spread_pct=S</c>:
    /// goodput against the key's limit over the run, 429s per 1,000 requests the server received, whole-call latency
    /// percentiles of the successful calls, and how far the worker furthest from the mean got from it.
    /// </summary>
    public string Line()
    {
        long tokens = results.Sum(r => r.Tokens);
        double budget = FleetPlan.TokensPerMinute * arguments.Seconds / 60.0;
        double goodput = 100 * tokens / budget;
        double per1000 = serverRequests == 0 ? 0 : 1000.0 * results.Sum(r => r.Http429) / serverRequests;
        double[] latencies = [.. results.SelectMany(r => r.LatenciesMs).Order()];
        double mean = (double)tokens / results.Count;
        string spread = mean == 0 ? "n/a" : Number(results.Max(r => Math.Abs(r.Tokens - mean)) / mean * 100, "0.0");
        return $"fleet mode={mode} workers={results.Count} requests={results.Sum(r => r.Requests)} goodput_pct={Number(goodput, "0.0")} "
            + $"r429_per_1000={Number(per1000, "0.0")} p50_ms={Milliseconds(latencies, 50)} p99_ms={Milliseconds(latencies, 99)} share_spread_pct={spread}";
    }

    /// <summary>The counts behind the line, for stderr: failures by type, HTTP attempts seen by clients and by the server.</summary>
    public string Details()
    {
        var failures = results.SelectMany(r => r.Failures).GroupBy(f => f.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Sum(f => f.Value)}");
        long clientRequests = results.Sum(r => r.HttpRequests);
        string check = clientRequests == serverRequests ? "match" : $"MISMATCH client_sent={clientRequests}";
        return $"  mode={mode} tokens={results.Sum(r => r.Tokens)} server_http_requests={serverRequests} ({check}) http_429={results.Sum(r => r.Http429)} "
            + $"failed=[{string.Join(' ', failures)}] worker_tokens=[{string.Join(' ', results.OrderBy(r => r.Worker).Select(r => r.Tokens))}]";
    }

    private static string Milliseconds(double[] sorted, double percent) =>
        Percentiles.NearestRank(sorted, percent) is { } value ? Number(value, "0") : "n/a";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
