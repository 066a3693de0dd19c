namespace QwenApi.Extensions.AI;

/// <summary>
/// The proxy or the upstream service failed (HTTP 5xx, or 408 when the server gave up waiting), an error event with no
/// more specific type arrived inside a stream, or the connection failed before any response. 408, 500, 502, 503, 504
/// and connection failures are retried first; 501 (not implemented) is not.
/// </summary>
public sealed class QwenServerException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenServerException"/> class.</summary>
    public QwenServerException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenServerException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenServerException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenServerException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenServerException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenServerException(QwenErrorInfo info, Exception? innerException = null)
        : base(info, innerException)
    {
    }
}
