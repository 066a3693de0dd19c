namespace QwenApi.Extensions.AI;

/// <summary>
/// What one answer of the server said about the key's limits (<c>x-ratelimit-limit|remaining|reset-requests|tokens</c>
/// headers), given to <see cref="QwenRateLimitCoordinator.ObserveAsync"/>. Absent values are <see langword="null"/>.
/// </summary>
public sealed record QwenServerRateLimits
{
    /// <summary>Gets the server's request limit per window.</summary>
    public long? RequestLimit { get; init; }

    /// <summary>Gets the requests the server will still accept before <see cref="RequestsResetAt"/>.</summary>
    public long? RemainingRequests { get; init; }

    /// <summary>Gets when the server's request budget is whole again.</summary>
    public DateTimeOffset? RequestsResetAt { get; init; }

    /// <summary>Gets the server's token limit per window.</summary>
    public long? TokenLimit { get; init; }

    /// <summary>Gets the tokens the server will still accept before <see cref="TokensResetAt"/>.</summary>
    public long? RemainingTokens { get; init; }

    /// <summary>Gets when the server's token budget is whole again.</summary>
    public DateTimeOffset? TokensResetAt { get; init; }

    /// <summary>
    /// Gets when the attempt that received these values was admitted: whatever the coordinator admitted after that instant
    /// may not be counted in the remaining values yet, so it is subtracted from them.
    /// </summary>
    public DateTimeOffset AdmittedAt { get; init; }
}
