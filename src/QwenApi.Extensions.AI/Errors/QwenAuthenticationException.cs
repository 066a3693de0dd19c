namespace QwenApi.Extensions.AI;

/// <summary>The key was rejected (HTTP 401) or access was denied (HTTP 403). Not retried: fix <see cref="QwenClientOptions.ApiKey"/> or the account's access.</summary>
public sealed class QwenAuthenticationException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenAuthenticationException"/> class.</summary>
    public QwenAuthenticationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenAuthenticationException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenAuthenticationException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenAuthenticationException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenAuthenticationException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenAuthenticationException(QwenErrorInfo info)
        : base(info)
    {
    }
}
