namespace QwenApi.Extensions.AI;

/// <summary>
/// A stream failed after output began (the connection dropped, or the stream ended without <c>[DONE]</c> and without a
/// finish reason). The updates already received are valid but the answer is incomplete. Never retried automatically,
/// because tokens already reached the caller; <see cref="UpdatesReceived"/> tells how many.
/// </summary>
public sealed class QwenStreamInterruptedException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenStreamInterruptedException"/> class.</summary>
    public QwenStreamInterruptedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenStreamInterruptedException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenStreamInterruptedException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenStreamInterruptedException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenStreamInterruptedException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenStreamInterruptedException(QwenErrorInfo info, int updatesReceived, Exception? innerException)
        : base(info, innerException)
    {
        UpdatesReceived = updatesReceived;
    }

    /// <summary>Gets how many updates reached the caller before the stream was interrupted.</summary>
    public int UpdatesReceived { get; }
}
