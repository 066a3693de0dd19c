namespace QwenApi.Testing;

/// <summary>Serves a scripted <see cref="SimulatorResponse"/>, skipping authentication and validation.</summary>
internal static class ScriptedResponder
{
    private const long DroppedBodyLength = 1L << 40;

    public static async Task RespondAsync(SimulatorExchange exchange, SimulatorResponse response)
    {
        var headers = response.Headers;
        switch (response.Kind)
        {
            case SimulatorResponseKind.Answer or SimulatorResponseKind.ToolCalls:
                await PlanResponder.RespondAsync(exchange, exchange.Plan(response), headers).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.SlowDrip:
                await PlanResponder.RespondAsync(exchange, exchange.Plan(), headers, response.Interval).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.Replay:
                await ReplayAsync(exchange, response).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.Error:
                var body = response.Text is { } text ? System.Text.Encoding.UTF8.GetBytes(text)
                    : response.StatusCode >= 400 ? JsonBytes.Error(RequestError.ForStatus(response.StatusCode), exchange.RequestId)
                    : [];
                await HttpResponseWriter.WriteBodyAsync(exchange, response.StatusCode, response.ContentType, body, headers)
                    .ConfigureAwait(false);
                break;
            case SimulatorResponseKind.ResetBeforeHeaders:
                exchange.Http.Abort();
                break;
            case SimulatorResponseKind.StallBeforeHeaders:
                await HttpResponseWriter.WaitForeverAsync(exchange).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.StallAfterChunks:
                await StartWithPrefixAsync(exchange, response).ConfigureAwait(false);
                await HttpResponseWriter.WaitForeverAsync(exchange).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.DropAfterChunks:
                // Declare a body far longer than what is sent: Kestrel then closes the connection after sending the
                // chunks, so the client reliably reads them before the transport error (an abort could discard them).
                exchange.Http.Response.ContentLength = DroppedBodyLength;
                await StartWithPrefixAsync(exchange, response).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.CutAfterChunks:
                await StartWithPrefixAsync(exchange, response).ConfigureAwait(false);
                break;
            case SimulatorResponseKind.InBandErrorAfterChunks:
                await StartWithPrefixAsync(exchange, response).ConfigureAwait(false);
                await HttpResponseWriter.WriteEventAsync(exchange, InBandError(exchange, response)).ConfigureAwait(false);
                break;
            default:
                await DefaultResponder.RespondAsync(exchange, headers).ConfigureAwait(false);
                break;
        }
    }

    private static async Task ReplayAsync(SimulatorExchange exchange, SimulatorResponse response)
    {
        if (response.SplitEveryBytes is not { } split)
        {
            await HttpResponseWriter.WriteBodyAsync(exchange, 200, response.ContentType, response.Body, response.Headers)
                .ConfigureAwait(false);
            return;
        }

        HttpResponseWriter.Begin(exchange, 200, response.ContentType, response.Headers);
        await HttpResponseWriter.WriteSplitAsync(exchange, response.Body, split).ConfigureAwait(false);
    }

    private static async Task StartWithPrefixAsync(SimulatorExchange exchange, SimulatorResponse response)
    {
        await HttpResponseWriter.StartEventStreamAsync(exchange, response.Headers).ConfigureAwait(false);
        await PlanResponder.WritePrefixAsync(exchange, response.Chunks).ConfigureAwait(false);
    }

    // Qwen's content filter ends a 200 stream with an error object instead of a chunk, and no [DONE].
    private static byte[] InBandError(SimulatorExchange exchange, SimulatorResponse response) => JsonBytes.Write(writer =>
    {
        writer.WriteStartObject();
        JsonBytes.WriteErrorObject(writer, response.ErrorMessage, response.ErrorType, null, response.ErrorCode);
        writer.WriteString("request_id", exchange.RequestId);
        writer.WriteEndObject();
    });
}
