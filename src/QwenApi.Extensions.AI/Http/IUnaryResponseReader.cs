namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads the whole 2xx body of one endpoint into its result: what differs between a chat completion and an embeddings list,
/// so the attempt, retry, error and governance machinery of <see cref="QwenTransport"/> exists once. A reader holds no
/// per-attempt state (every attempt of a call may use it), and a stateless one is a shared singleton, so the chat path
/// allocates nothing for it.
/// </summary>
/// <typeparam name="T">The result.</typeparam>
internal interface IUnaryResponseReader<T>
{
    /// <summary>Gets what a valid body is, for the invalid-response message, for example <c>a valid chat completion</c>.</summary>
    public string What { get; }

    /// <summary>
    /// Reads <paramref name="body"/> (pooled: nothing may keep a reference to it). Returns <see langword="false"/> for an
    /// <c>{"error":…}</c> document sent with a 2xx status, which the transport turns into its typed exception. Throws
    /// <see cref="System.Text.Json.JsonException"/>, <see cref="InvalidOperationException"/> or <see cref="FormatException"/>
    /// for a body that is not valid (the transport reports it as <see cref="QwenInvalidResponseException"/> with a snippet).
    /// </summary>
    public bool TryRead(ReadOnlyMemory<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? result);

    /// <summary>The prompt and total tokens <paramref name="result"/> reports, to reconcile the call's token grant; <see langword="null"/> if none.</summary>
    public (long? Input, long? Total)? UsedTokens(T result);
}
