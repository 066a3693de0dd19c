using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Non-streaming calls: every attempt reads the whole 2xx body and hands it to the endpoint's
/// <see cref="IUnaryResponseReader{T}"/>; the result's usage then settles the call's token grant.
/// </summary>
/// <param name="errors">Types an error document sent with a 2xx status.</param>
/// <param name="options">The validated copy of the client's options.</param>
/// <param name="runner">Runs the attempts.</param>
/// <param name="sender">Sends an attempt and reads its body.</param>
/// <param name="failures">Types an attempt's failures.</param>
/// <param name="logger">Logs a failed reconciliation.</param>
internal sealed class UnaryExchange(QwenExceptionFactory errors, QwenClientOptions options, CallRunner runner, AttemptSender sender, FailureTranslator failures, ILogger logger)
{
    /// <summary>Makes one call with retries.</summary>
    /// <param name="body">The request body; only read, by every attempt.</param>
    /// <param name="model">The model sent, for a per-model coordinator scope.</param>
    /// <param name="estimate">The call's token estimate for the coordinator and the token limiter.</param>
    /// <param name="reader">Reads a 2xx body into the result (a shared singleton for chat: no allocation per call).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<T> GetResponseAsync<T>(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, IUnaryResponseReader<T> reader, CancellationToken cancellationToken) =>
        RunAsync(runner.Start(body, model, estimate, cancellationToken), reader);

    /// <summary>Runs <paramref name="call"/>, which it owns from the first line: what only builds the call stays out of this async frame.</summary>
    private async Task<T> RunAsync<T>(CallScope call, IUnaryResponseReader<T> reader)
    {
        using (call)
        {
            T response = await runner.RunAsync(call, (self: this, reader), static (s, call) => s.self.AttemptAsync(s.reader, call)).ConfigureAwait(false);
            if (call.Permits is { } permits && reader.UsedTokens(response) is { } used)
            {
                await permits.ReconcileAsync(used.Input, used.Total, logger).ConfigureAwait(false);
            }

            return response;
        }
    }

    /// <summary>One attempt. Everything it creates (timers, response, the pooled body buffer) is released before it returns.</summary>
    private async ValueTask<T> AttemptAsync<T>(IUnaryResponseReader<T> reader, CallScope call)
    {
        using var attempt = new AttemptScope(call, options);
        try
        {
            using HttpResponseMessage response = await sender.SendAsync(attempt, stream: false).ConfigureAwait(false);
            using var buffer = new PooledBufferWriter(sender.BodyCapacity(response));
            await sender.ReadBodyAsync(response, attempt, buffer).ConfigureAwait(false);
            return Read(reader, buffer.WrittenMemory, response);
        }
        catch (Exception ex)
        {
            throw failures.Translate(ex, call, attempt, outputStarted: false);
        }
    }

    private T Read<T>(IUnaryResponseReader<T> reader, ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        T? result;
        try
        {
            if (reader.TryRead(body, out result))
            {
                return result;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw failures.InvalidBody(reader.What, body.Span, response, ex);
        }

        // An error document with a 2xx status: the typed error it describes, as for an in-band stream error.
        throw errors.FromInBandError(ErrorBodyParser.Parse(body.Span), ResponseHeaders.RequestId(response), nothingYielded: true);
    }
}
