namespace QwenApi.Testing;

/// <summary>Sends a planned answer: a unary <c>chat.completion</c> body, or the SSE stream ending with <c>[DONE]</c>.</summary>
internal static class PlanResponder
{
    public static async Task RespondAsync(
        SimulatorExchange exchange,
        CompletionPlan plan,
        IReadOnlyDictionary<string, string>? headers,
        TimeSpan interval = default,
        bool unaryTakesEveryToken = false)
    {
        if (!plan.Stream)
        {
            await RespondUnaryAsync(exchange, plan, headers, unaryTakesEveryToken ? interval * Math.Max(1, plan.CompletionTokens) : interval).ConfigureAwait(false);
            return;
        }

        var chunks = StreamChunkBuilder.Build(plan);
        var events = new List<byte[]>(chunks.Body) { chunks.Finish };
        if (chunks.Usage is not null)
        {
            events.Add(chunks.Usage);
        }

        await HttpResponseWriter.StartEventStreamAsync(exchange, headers).ConfigureAwait(false);
        foreach (var payload in events)
        {
            await HttpResponseWriter.WriteEventAsync(exchange, payload, flush: false).ConfigureAwait(false);

            // Start the pause before flushing, so a client that has seen this event knows the timer for the next
            // one exists (a fake clock advanced at that point fires it).
            var pause = interval > TimeSpan.Zero ? DelayAsync(exchange, interval) : Task.CompletedTask;
            await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
            await pause.ConfigureAwait(false);
        }

        await HttpResponseWriter.WriteDoneAsync(exchange).ConfigureAwait(false);
    }

    /// <summary>Writes the first <paramref name="count"/> chunks before the finish chunk, each flushed.</summary>
    public static async Task WritePrefixAsync(SimulatorExchange exchange, int count)
    {
        var chunks = StreamChunkBuilder.Build(exchange.Plan());
        foreach (var payload in chunks.Body.Take(count))
        {
            await HttpResponseWriter.WriteEventAsync(exchange, payload).ConfigureAwait(false);
        }
    }

    // A slow unary answer sends its headers at once and its body one interval later (the caller passes, as the interval,
    // the time all its tokens take when it models generation).
    private static async Task RespondUnaryAsync(
        SimulatorExchange exchange,
        CompletionPlan plan,
        IReadOnlyDictionary<string, string>? headers,
        TimeSpan interval)
    {
        var body = CompletionJsonWriter.Write(plan);
        if (interval <= TimeSpan.Zero)
        {
            await HttpResponseWriter.WriteBodyAsync(exchange, 200, "application/json", body, headers).ConfigureAwait(false);
            return;
        }

        HttpResponseWriter.Begin(exchange, 200, "application/json", headers);
        exchange.Http.Response.ContentLength = body.Length;
        var pause = DelayAsync(exchange, interval);
        await exchange.Http.Response.StartAsync(exchange.Aborted).ConfigureAwait(false);
        await exchange.Http.Response.Body.FlushAsync(exchange.Aborted).ConfigureAwait(false);
        await pause.ConfigureAwait(false);
        await exchange.Http.Response.Body.WriteAsync(body, exchange.Aborted).ConfigureAwait(false);
    }

    private static Task DelayAsync(SimulatorExchange exchange, TimeSpan interval) =>
        Task.Delay(interval, exchange.Simulator.Options.TimeProvider, exchange.Aborted);
}
