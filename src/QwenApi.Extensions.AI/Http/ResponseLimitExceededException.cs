namespace QwenApi.Extensions.AI;

/// <summary>Thrown by <see cref="ResponseBodyStream"/> past a limit; the transport turns it into <see cref="QwenResponseTooLargeException"/>.</summary>
internal sealed class ResponseLimitExceededException(long limit, string optionName, string what)
    : Exception($"{what} exceeded QwenClientOptions.{optionName} ({limit} bytes)")
{
    public long Limit { get; } = limit;

    public string OptionName { get; } = optionName;

    /// <summary>Gets what exceeded the limit: "the response body", "the stream" or "one server-sent event".</summary>
    public string What { get; } = what;
}
