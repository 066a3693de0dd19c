namespace QwenApi.Extensions.AI;

/// <summary>
/// One of the client's timeouts fired (<see cref="Kind"/> names which, and the message names the option to change).
/// A stream idle timeout after output began is reported as this type too (not <see cref="QwenStreamInterruptedException"/>):
/// the updates already received stand, and the call is not retried.
/// It is never an <see cref="OperationCanceledException"/>: cancellation by the caller is reported as that instead.
/// The <see cref="Exception.InnerException"/> is a <see cref="TimeoutException"/>.
/// </summary>
public sealed class QwenTimeoutException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenTimeoutException"/> class.</summary>
    public QwenTimeoutException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenTimeoutException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenTimeoutException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenTimeoutException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenTimeoutException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenTimeoutException(QwenTimeoutKind kind, TimeSpan timeout, string message, Exception? cause)
        : base(message, new TimeoutException(message, cause))
    {
        Kind = kind;
        Timeout = timeout;
    }

    /// <summary>Gets which timeout fired.</summary>
    public QwenTimeoutKind Kind { get; }

    /// <summary>Gets the configured duration that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
