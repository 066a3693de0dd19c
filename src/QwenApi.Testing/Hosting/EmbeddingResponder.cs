namespace QwenApi.Testing;

/// <summary>
/// The unscripted answer to <c>POST /v1/embeddings</c> (already routed and authenticated): validate as Qwen does,
/// charge the inputs' tokens to the plan, wait the time to first token, then send deterministic vectors.
/// </summary>
internal static class EmbeddingResponder
{
    public const string EmbeddingsPath = "/v1/embeddings";

    public static async Task RespondAsync(SimulatorExchange exchange, IReadOnlyDictionary<string, string>? headers)
    {
        if (EmbeddingRequestValidator.Validate(exchange.Request.Json, exchange.Simulator.Options.Base64Embeddings) is { } error)
        {
            await HttpResponseWriter.WriteErrorAsync(exchange, error, headers).ConfigureAwait(false);
            return;
        }

        EmbeddingRequestInfo info = EmbeddingRequestReader.Read(exchange.Request.Json);
        EmbeddingModel model = EmbeddingModel.Find(info.Model)!;
        int promptTokens = info.Inputs.Sum(text => SimulatorTokenizer.Split(text).Count);
        (bool admitted, headers) = await PlanAdmission.AdmitAsync(exchange, promptTokens, model.Name, headers).ConfigureAwait(false);
        if (!admitted)
        {
            return;
        }

        await PlanAdmission.WaitFirstTokenAsync(exchange).ConfigureAwait(false);
        int dimensions = model.DimensionsFor(info.Dimensions);
        int[] order = EmbeddingOrder.Create(info.Inputs.Count, exchange.Simulator.Options.ShuffleEmbeddings, exchange.Request.Sequence);
        KeyValuePair<int, float[]>[] items = [.. order.Select(i => KeyValuePair.Create(i, EmbeddingVectors.Create(info.Inputs[i], dimensions)))];
        byte[] body = EmbeddingJsonWriter.Write(exchange.RequestId, model.Name, items, info.Base64 && exchange.Simulator.Options.Base64Embeddings == SimulatorBase64Embeddings.Honor, promptTokens);
        await HttpResponseWriter.WriteBodyAsync(exchange, 200, "application/json", body, headers).ConfigureAwait(false);
    }
}
