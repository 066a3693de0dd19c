namespace QwenApi.Extensions.AI;

/// <summary>The proxy or the upstream service failed (HTTP 5xx) and the retries were used up, or the connection failed before any response.</summary>
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
