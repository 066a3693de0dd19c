namespace QwenApi.Extensions.AI;

/// <summary>
/// The server answered, but not in a form the protocol allows: a body that is not JSON or has bytes after its root
/// object, invalid UTF-8, a lone surrogate, a number out of range where an integer is required, a compressed body the
/// client did not ask for or could not decompress, or a malformed SSE stream. The message says what was wrong and where.
/// Not retried: a server that sends such a response would most likely send it again.
/// </summary>
/// <remarks>
/// It can also end a stream after updates reached the caller (an invalid chunk mid-answer); those updates were valid,
/// the answer is incomplete. The inner exception, when there is one, is what the parser or decoder threw.
/// </remarks>
public sealed class QwenInvalidResponseException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenInvalidResponseException"/> class.</summary>
    public QwenInvalidResponseException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenInvalidResponseException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenInvalidResponseException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenInvalidResponseException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenInvalidResponseException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenInvalidResponseException(QwenErrorInfo info, Exception? innerException = null)
        : base(info, innerException)
    {
    }
}
