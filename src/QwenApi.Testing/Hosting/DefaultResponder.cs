namespace QwenApi.Testing;

/// <summary>
/// The unscripted behaviour: route, authenticate, validate as Qwen does, then answer deterministically.
/// </summary>
internal static class DefaultResponder
{
    public const string ChatCompletionsPath = "/v1/chat/completions";

    public static async Task RespondAsync(SimulatorExchange exchange, IReadOnlyDictionary<string, string>? headers)
    {
        var request = exchange.Request;
        if (!request.Path.Equals(ChatCompletionsPath, StringComparison.OrdinalIgnoreCase))
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, RequestError.NotFound(request.Path), headers).ConfigureAwait(false);
            return;
        }

        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            var allow = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Allow"] = "POST" };
            await HttpResponseWriter.WriteErrorAsync(exchange, RequestError.MethodNotAllowed(request.Method), allow).ConfigureAwait(false);
            return;
        }

        if (!IsAuthorized(request, exchange.Simulator.Options.ApiKey))
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, RequestError.InvalidApiKey, headers).ConfigureAwait(false);
            return;
        }

        if (ChatRequestValidator.Validate(request.Json) is { } error)
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, error, headers).ConfigureAwait(false);
            return;
        }

        CompletionPlan plan = exchange.Plan();
        QwenSimulatorOptions options = exchange.Simulator.Options;
        if (exchange.Simulator.Limits.Enabled)
        {
            PlanLimits limits = exchange.Simulator.Limits;
            RequestError? limited = limits.TryAdmit(limits.Charge(plan, exchange.Info), plan.Model, out Dictionary<string, string> limitHeaders);
            foreach (KeyValuePair<string, string> header in headers ?? new Dictionary<string, string>())
            {
                limitHeaders[header.Key] = header.Value;
            }

            headers = limitHeaders;
            if (limited is not null)
            {
                await HttpResponseWriter.WriteErrorAsync(exchange, limited, headers).ConfigureAwait(false);
                return;
            }
        }

        if (options.TimeToFirstToken > TimeSpan.Zero)
        {
            await Task.Delay(options.TimeToFirstToken, options.TimeProvider, exchange.Aborted).ConfigureAwait(false);
        }

        TimeSpan interval = options.TokensPerSecond is > 0 and var rate ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.Zero;
        await PlanResponder.RespondAsync(exchange, plan, headers, interval, unaryTakesEveryToken: true).ConfigureAwait(false);
    }

    private static bool IsAuthorized(SimulatorRequest request, string apiKey)
    {
        const string Scheme = "Bearer ";
        return request.Headers.TryGetValue("Authorization", out var value)
            && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && value.AsSpan(Scheme.Length).Trim().SequenceEqual(apiKey);
    }
}
