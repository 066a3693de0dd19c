using Polly;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Runs the attempts of one endpoint's calls: through the retry pipeline, each admitted first by the rate-limit
/// governance when the options set any, so that every exception that leaves a call is typed or the caller's cancellation.
/// </summary>
internal sealed class CallRunner(QwenClientOptions options, ResiliencePipeline pipeline, AttemptGovernor? governor, FailureTranslator failures)
{
    /// <summary>Gets a value indicating whether calls need a token estimate (a coordinator or a token limiter is set).</summary>
    public bool NeedsTokenEstimate => governor?.NeedsTokens == true;

    /// <summary>Starts a call, which the caller disposes when the call ends (a stream: when its enumeration ends).</summary>
    /// <param name="body">The request body, re-sent by every attempt and only read.</param>
    /// <param name="model">The model sent, for a per-model coordinator scope.</param>
    /// <param name="estimate">The call's token estimate, admitted by the coordinator and the token limiter for every attempt.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public CallScope Start(ReadOnlyMemory<byte> body, string? model, TokenEstimate estimate, CancellationToken cancellationToken) =>
        new(cancellationToken, options, body, governor?.ScopeFor(model), estimate);

    /// <summary>Runs <paramref name="attempt"/> with retries; every exception that leaves is typed or the caller's cancellation.</summary>
    /// <param name="call">The call.</param>
    /// <param name="state">What the attempt runs with besides the call (kept small: every frame of the pipeline copies it).</param>
    /// <param name="attempt">
    /// One attempt (static: a closure per call would be an allocation per call). It creates and releases everything it
    /// uses, translates its own failures (it alone knows which timer fired), and returns a result that owns nothing of
    /// the attempt's except what the result type says (an open stream owns its response).
    /// </param>
    public async ValueTask<T> RunAsync<TState, T>(CallScope call, TState state, Func<TState, CallScope, ValueTask<T>> attempt)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(call.Token);
        context.Properties.Set(QwenRetryPolicy.CallKey, call);
        try
        {
            return await pipeline.ExecuteAsync(
                static (_, s) => s.call.RateLimitScope is null ? s.attempt(s.state, s.call) : s.self.GovernedAttemptAsync(s.call, s.state, s.attempt),
                context,
                (self: this, call, state, attempt)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw failures.Fail(ex, call, null, outputStarted: false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// With a shared coordinator or a limiter: the attempt is admitted first (<see cref="AttemptGovernor"/>), before it
    /// exists, so waits never count against its own timeouts, and the call owns its permits. A failed attempt releases
    /// them at once, so its retry (after the backoff) asks afresh and can never wait for permits its own call holds; a
    /// successful one keeps them until the call ends. (Without a coordinator or limiter, no async layer is added.)
    /// </summary>
    private async ValueTask<T> GovernedAttemptAsync<TState, T>(CallScope call, TState state, Func<TState, CallScope, ValueTask<T>> attempt)
    {
        call.Admit(await governor!.AdmitAsync(call, call.RateLimitScope!, call.Estimate).ConfigureAwait(false));
        try
        {
            return await attempt(state, call).ConfigureAwait(false);
        }
        catch
        {
            // A 429's grant is not given back: the server's window may hold it. The permits go, the window grants stay.
            call.ReleaseAttempt();
            throw;
        }
    }
}
