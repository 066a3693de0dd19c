namespace QwenApi.Extensions.AI;

/// <summary>
/// A response exceeded one of the client's size limits (<see cref="QwenClientOptions.MaxResponseBytes"/>,
/// <see cref="QwenClientOptions.MaxStreamEventBytes"/> or <see cref="QwenClientOptions.MaxStreamBytes"/>). Reading stopped
/// at once, the connection was released, and the call is never retried (the same request would get the same answer).
/// <see cref="Limit"/> and <see cref="OptionName"/> say which limit, so it can be raised if the answer was legitimate.
/// </summary>
public sealed class QwenResponseTooLargeException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenResponseTooLargeException"/> class.</summary>
    public QwenResponseTooLargeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenResponseTooLargeException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenResponseTooLargeException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenResponseTooLargeException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenResponseTooLargeException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenResponseTooLargeException(QwenErrorInfo info, long limit, string optionName)
        : base(info)
    {
        Limit = limit;
        OptionName = optionName;
    }

    /// <summary>Gets the limit that was exceeded, in bytes.</summary>
    public long Limit { get; }

    /// <summary>Gets the name of the <see cref="QwenClientOptions"/> property that sets the limit, for example <c>MaxResponseBytes</c>.</summary>
    public string? OptionName { get; }
}
