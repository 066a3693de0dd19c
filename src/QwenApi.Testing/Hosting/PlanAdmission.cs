namespace QwenApi.Testing;

/// <summary>Charges a default answer to the key's plan (<see cref="PlanLimits"/>), answering the 429 when it is over.</summary>
internal static class PlanAdmission
{
    /// <summary>
    /// Admits a request charged <paramref name="tokens"/> tokens, or answers it with the limit's 429.
    /// </summary>
    /// <returns>
    /// Whether it was admitted, and the headers to answer with: <paramref name="headers"/> over the <c>x-ratelimit-*</c>
    /// ones while a limit is set.
    /// </returns>
    public static async Task<(bool Admitted, IReadOnlyDictionary<string, string>? Headers)> AdmitAsync(
        SimulatorExchange exchange, long tokens, string model, IReadOnlyDictionary<string, string>? headers)
    {
        PlanLimits limits = exchange.Simulator.Limits;
        if (!limits.Enabled)
        {
            return (true, headers);
        }

        RequestError? limited = limits.TryAdmit(tokens, model, out Dictionary<string, string> merged);
        foreach (KeyValuePair<string, string> header in headers ?? new Dictionary<string, string>())
        {
            merged[header.Key] = header.Value;
        }

        if (limited is not null)
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, limited, merged).ConfigureAwait(false);
            return (false, merged);
        }

        return (true, merged);
    }

    /// <summary>Waits <see cref="QwenSimulatorOptions.TimeToFirstToken"/> on the simulator's clock.</summary>
    public static Task WaitFirstTokenAsync(SimulatorExchange exchange)
    {
        QwenSimulatorOptions options = exchange.Simulator.Options;
        return options.TimeToFirstToken > TimeSpan.Zero
            ? Task.Delay(options.TimeToFirstToken, options.TimeProvider, exchange.Aborted)
            : Task.CompletedTask;
    }
}
