namespace QwenApi.Extensions.AI;

/// <summary>Provider error codes that decide an exception's type, whatever the HTTP status (see QWEN-PROTOCOL.md, Errors).</summary>
internal static class QwenErrorCodes
{
    public static bool IsContentFilter(string? code) =>
        string.Equals(code, "data_inspection_failed", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "DataInspectionFailed", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "content_filter", StringComparison.OrdinalIgnoreCase);

    /// <summary>Billing codes: Alibaba's <c>Arrearage</c> (unpaid) and OpenAI-style <c>insufficient_quota</c> (no credits left). Retrying does not help.</summary>
    public static bool IsBilling(string? code) =>
        string.Equals(code, "Arrearage", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "insufficient_quota", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "insufficient_balance", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "insufficient_credits", StringComparison.OrdinalIgnoreCase);

    public static bool IsAuthentication(string? code) =>
        string.Equals(code, "invalid_api_key", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "InvalidApiKey", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "access_denied", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "AccessDenied", StringComparison.OrdinalIgnoreCase);

    public static bool IsRateLimit(string? code) =>
        string.Equals(code, "limit_requests", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "Throttling", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "rate_limit_exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>An in-band error that describes the request itself (so retrying the same request cannot help).</summary>
    public static bool IsInvalidRequest(string? code, string? type) =>
        string.Equals(code, "invalid_parameter_error", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "InvalidParameter", StringComparison.OrdinalIgnoreCase)
        || string.Equals(type, "invalid_request_error", StringComparison.OrdinalIgnoreCase);
}
