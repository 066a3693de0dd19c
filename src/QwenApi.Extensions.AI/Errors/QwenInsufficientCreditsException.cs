namespace QwenApi.Extensions.AI;

/// <summary>
/// The account is out of credits or has an unpaid balance: HTTP 402, or a billing code such as <c>Arrearage</c> or
/// <c>insufficient_quota</c> with any status. Not retried: top up the account.
/// </summary>
public sealed class QwenInsufficientCreditsException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenInsufficientCreditsException"/> class.</summary>
    public QwenInsufficientCreditsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenInsufficientCreditsException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenInsufficientCreditsException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenInsufficientCreditsException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenInsufficientCreditsException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenInsufficientCreditsException(QwenErrorInfo info)
        : base(info)
    {
    }
}
