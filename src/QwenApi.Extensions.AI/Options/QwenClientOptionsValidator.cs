using System.Net;
using System.Text;

namespace QwenApi.Extensions.AI;

/// <summary>Validates <see cref="QwenClientOptions"/> once and reports every problem together, never echoing the key.</summary>
internal static class QwenClientOptionsValidator
{
    /// <param name="options">The options.</param>
    /// <param name="apiKeySource">Where the key was read from, as the message should name it (each construction path reads another place).</param>
    /// <param name="endpointSource">Where the endpoint was read from, likewise.</param>
    public static IReadOnlyList<string> Validate(QwenClientOptions options, string apiKeySource = "QwenClientOptions.ApiKey", string endpointSource = "QwenClientOptions.Endpoint")
    {
        var errors = new List<string>();
        ValidateApiKey(options.ApiKey, apiKeySource, errors);
        ValidateEndpoint(options.Endpoint, options.AllowInsecureHttp, endpointSource, errors);

        if (options.ModelId is { } model && (model.Length == 0 || string.IsNullOrWhiteSpace(model) || model.Trim() != model))
        {
            errors.Add("QwenClientOptions.ModelId must be null or a model id without surrounding white space, for example \"qwen-plus\".");
        }

        if (string.IsNullOrWhiteSpace(options.EmbeddingModelId) || options.EmbeddingModelId.Trim() != options.EmbeddingModelId)
        {
            errors.Add("QwenClientOptions.EmbeddingModelId must be a model id without surrounding white space, for example \"text-embedding-v4\".");
        }

        if (options.EmbeddingDimensions is <= 0)
        {
            errors.Add($"QwenClientOptions.EmbeddingDimensions must be null or positive (it is {options.EmbeddingDimensions}).");
        }

        if (options.MaxConcurrentEmbeddingRequests is < 1 or > 64)
        {
            errors.Add($"QwenClientOptions.MaxConcurrentEmbeddingRequests must be between 1 and 64 (it is {options.MaxConcurrentEmbeddingRequests}).");
        }

        if (!Enum.IsDefined(options.EmbeddingEncoding))
        {
            errors.Add($"QwenClientOptions.EmbeddingEncoding must be Base64 or Float (it is {(int)options.EmbeddingEncoding}).");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add($"QwenClientOptions.MaxRetries must be between 0 and 20 (it is {options.MaxRetries}).");
        }

        RequirePositive(options.RetryBaseDelay, nameof(QwenClientOptions.RetryBaseDelay), allowInfinite: false, errors);
        RequirePositive(options.RetryMaxDelay, nameof(QwenClientOptions.RetryMaxDelay), allowInfinite: false, errors);
        RequirePositive(options.MaxRetryAfter, nameof(QwenClientOptions.MaxRetryAfter), allowInfinite: false, errors, allowZero: true);
        RequirePositive(options.OverallTimeout, nameof(QwenClientOptions.OverallTimeout), allowInfinite: true, errors);
        RequirePositive(options.ResponseHeadersTimeout, nameof(QwenClientOptions.ResponseHeadersTimeout), allowInfinite: true, errors);
        RequirePositive(options.StreamIdleTimeout, nameof(QwenClientOptions.StreamIdleTimeout), allowInfinite: true, errors);

        RequireLimit(options.MaxResponseBytes, nameof(QwenClientOptions.MaxResponseBytes), errors);
        RequireLimit(options.MaxStreamEventBytes, nameof(QwenClientOptions.MaxStreamEventBytes), errors);
        RequireLimit(options.MaxStreamBytes, nameof(QwenClientOptions.MaxStreamBytes), errors);

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("QwenClientOptions.RetryMaxDelay must not be shorter than RetryBaseDelay.");
        }

        if (options.TimeProvider is null)
        {
            errors.Add("QwenClientOptions.TimeProvider must not be null (use TimeProvider.System).");
        }

        if (options.UserAgentSuffix is { } ua && ua.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            errors.Add("QwenClientOptions.UserAgentSuffix must not contain CR, LF or NUL.");
        }

        return errors;
    }

    public static void ThrowIfInvalid(QwenClientOptions options, string apiKeySource = "QwenClientOptions.ApiKey", string endpointSource = "QwenClientOptions.Endpoint", string parameterName = "options")
    {
        IReadOnlyList<string> errors = Validate(options, apiKeySource, endpointSource);
        if (errors.Count > 0)
        {
            var message = new StringBuilder(parameterName == "options" ? "Invalid QwenClientOptions: " : "Invalid QwenChatClient arguments: ");
            message.AppendJoin(" ", errors);
            throw new ArgumentException(message.ToString(), parameterName);
        }
    }

    private static void ValidateApiKey(string? key, string source, List<string> errors)
    {
        // The messages below describe the problem only: the key itself must never be echoed.
        if (key is null || key.Length == 0)
        {
            errors.Add($"{source} is missing: set it to your key from the Qwen API dashboard.");
        }
        else if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add($"{source} is only white space.");
        }
        else if (key.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            errors.Add($"{source} contains a CR, LF or NUL character; copy the key again without line breaks.");
        }
        else if (char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1]))
        {
            errors.Add($"{source} has leading or trailing white space; remove it.");
        }
        else
        {
            foreach (char c in key)
            {
                if (char.IsControl(c) || c > '\u007e')
                {
                    errors.Add($"{source} contains a control or non-ASCII character, which cannot be sent in an HTTP header.");
                    break;
                }
            }
        }
    }

    private static void ValidateEndpoint(Uri? endpoint, bool allowInsecure, string source, List<string> errors)
    {
        if (endpoint is null)
        {
            errors.Add($"{source} must not be null (the default is https://api.qwenapi.io/v1).");
            return;
        }

        if (!endpoint.IsAbsoluteUri)
        {
            errors.Add($"{source} must be an absolute URI such as https://api.qwenapi.io/v1 (it is \"{endpoint.OriginalString}\").");
            return;
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"{source} must use https (it uses \"{endpoint.Scheme}\").");
        }
        else if (endpoint.Scheme == Uri.UriSchemeHttp && !allowInsecure && !IsLoopback(endpoint))
        {
            errors.Add($"{source} uses plain http on a non-loopback host ({endpoint.Host}): the key would be sent in clear text. Use https, or set AllowInsecureHttp = true if you really mean it.");
        }

        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            errors.Add($"{source} must not contain user information; set ApiKey instead.");
        }

        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            errors.Add($"{source} must not contain a query or fragment.");
        }
    }

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));

    private static void RequirePositive(TimeSpan value, string name, bool allowInfinite, List<string> errors, bool allowZero = false)
    {
        if (allowInfinite && value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            string expected = allowInfinite ? "positive, or Timeout.InfiniteTimeSpan to disable it" : allowZero ? "zero or positive" : "positive";
            errors.Add($"QwenClientOptions.{name} must be {expected} (it is {value}).");
        }
    }

    private static void RequireLimit(long value, string name, List<string> errors)
    {
        // A limit below 1 KiB could not hold an ordinary error body or chunk: almost certainly a unit mistake.
        if (value < 1024)
        {
            errors.Add($"QwenClientOptions.{name} must be at least 1024 bytes (it is {value}).");
        }
    }
}
