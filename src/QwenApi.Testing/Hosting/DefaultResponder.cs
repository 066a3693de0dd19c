namespace QwenApi.Testing;

/// <summary>
/// The unscripted behaviour: route, authenticate, validate as Qwen does, then answer deterministically (embeddings
/// requests are answered by <see cref="EmbeddingResponder"/>).
/// </summary>
internal static class DefaultResponder
{
    public const string ChatCompletionsPath = "/v1/chat/completions";

    public static async Task RespondAsync(SimulatorExchange exchange, IReadOnlyDictionary<string, string>? headers)
    {
        var request = exchange.Request;
        var embeddings = request.Path.Equals(EmbeddingResponder.EmbeddingsPath, StringComparison.OrdinalIgnoreCase);
        if (!embeddings && !request.Path.Equals(ChatCompletionsPath, StringComparison.OrdinalIgnoreCase))
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

        if (embeddings)
        {
            await EmbeddingResponder.RespondAsync(exchange, headers).ConfigureAwait(false);
            return;
        }

        if (ChatRequestValidator.Validate(request.Json) is { } error)
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, error, headers).ConfigureAwait(false);
            return;
        }

        CompletionPlan plan = exchange.Plan();
        QwenSimulatorOptions options = exchange.Simulator.Options;
        (bool admitted, headers) = await PlanAdmission.AdmitAsync(exchange, exchange.Simulator.Limits.Charge(plan, exchange.Info), plan.Model, headers)
            .ConfigureAwait(false);
        if (!admitted)
        {
            return;
        }

        await PlanAdmission.WaitFirstTokenAsync(exchange).ConfigureAwait(false);
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
