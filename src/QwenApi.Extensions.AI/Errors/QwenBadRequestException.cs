namespace QwenApi.Extensions.AI;

/// <summary>
/// The request was refused as it is (HTTP 400, 404 unknown model, 422 or any other 4xx except 401/402/403/408/429), or the content filter stopped
/// it (<see cref="IsContentFiltered"/>). Not retried: fix the request.
/// </summary>
public sealed class QwenBadRequestException : QwenApiException
{
    /// <summary>Initializes a new instance of the <see cref="QwenBadRequestException"/> class.</summary>
    public QwenBadRequestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenBadRequestException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public QwenBadRequestException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenBadRequestException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public QwenBadRequestException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal QwenBadRequestException(QwenErrorInfo info)
        : base(info)
    {
    }

    /// <summary>Gets a value indicating whether the content filter rejected the input or output (code <c>data_inspection_failed</c>).</summary>
    public bool IsContentFiltered => QwenErrorCodes.IsContentFilter(ErrorCode) || QwenErrorCodes.IsContentFilter(ErrorType);
}
