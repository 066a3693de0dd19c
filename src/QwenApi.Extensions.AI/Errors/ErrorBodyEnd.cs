namespace QwenApi.Extensions.AI;

/// <summary>How reading an error body ended, so its message can say whether the body is whole.</summary>
internal enum ErrorBodyEnd
{
    /// <summary>The whole body was read.</summary>
    Complete,

    /// <summary>The body is longer than <see cref="QwenExceptionFactory.MaxErrorBodyBytes"/>: only that much was read.</summary>
    CutAtLimit,

    /// <summary>The connection failed while the body was being read: only what arrived before was read.</summary>
    CutByConnectionFailure,
}
