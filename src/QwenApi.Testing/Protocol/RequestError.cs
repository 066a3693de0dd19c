namespace QwenApi.Testing;

/// <summary>An error the simulator answers with, as the fields of the OpenAI error envelope.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Type">The error <c>type</c>.</param>
/// <param name="Code">The error <c>code</c>.</param>
/// <param name="Message">The error <c>message</c>.</param>
/// <param name="Param">The offending parameter, or <see langword="null"/>.</param>
internal sealed record RequestError(int StatusCode, string Type, string Code, string Message, string? Param = null)
{
    public static RequestError InvalidApiKey { get; } =
        new(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");

    public static RequestError NotFound(string path) =>
        new(404, "invalid_request_error", "not_found", $"Unknown request URL: {path}. Use POST /v1/chat/completions or POST /v1/embeddings.");

    public static RequestError MethodNotAllowed(string method) =>
        new(405, "invalid_request_error", "method_not_allowed", $"Method {method} is not allowed: use POST.");

    public static RequestError InvalidParameter(string message, string? param) =>
        new(400, "invalid_request_error", "invalid_parameter_error", message, param);

    /// <summary>
    /// Gets a 400 in the form DashScope's model side words input errors (seen verbatim for embeddings batches:
    /// <c>type</c> and <c>code</c> <c>InvalidParameter</c>, no <c>param</c>, the field named after a colon).
    /// </summary>
    public static RequestError AlgoInvalidParameter(string message) =>
        new(400, "InvalidParameter", "InvalidParameter", "<400> InternalError.Algo.InvalidParameter: " + message);

    public static RequestError ModelNotFound(string model) =>
        new(404, "invalid_request_error", "model_not_found", $"The model `{model}` does not exist or you do not have access to it.");

    /// <summary>Gets a plausible error for a status, used when a scripted error has no body of its own.</summary>
    public static RequestError ForStatus(int status) => status switch
    {
        400 => InvalidParameter("The request is invalid.", null),
        401 => InvalidApiKey,
        402 => new(402, "invalid_request_error", "insufficient_credits", "Insufficient credits: please top up your balance."),
        403 => new(403, "invalid_request_error", "access_denied", "Access denied."),
        404 => new(404, "invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
        429 => new(429, "limit_requests", "limit_requests", "Requests rate limit exceeded, please try again later."),
        >= 500 => new(status, "internal_error", "internal_error", "An internal error has occurred, please try again later."),
        _ => new(status, "invalid_request_error", $"http_{status}", $"The request failed with HTTP status {status}."),
    };
}
