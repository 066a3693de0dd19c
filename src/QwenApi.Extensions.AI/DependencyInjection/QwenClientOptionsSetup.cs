using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Fills the options of one registration from its configuration sections, then from <c>QWEN_API_KEY</c> /
/// <c>QWEN_ENDPOINT</c> when the key or endpoint is still unset. Binding is explicit (no reflection binder, so it is
/// trimming-safe) and records values it cannot parse instead of throwing, so validation reports them with the rest.
/// </summary>
internal sealed class QwenClientOptionsSetup(QwenClientRegistration registration, IConfiguration? configuration) : IConfigureNamedOptions<QwenClientOptions>
{
    public const string ApiKeyVariable = "QWEN_API_KEY";
    public const string EndpointVariable = "QWEN_ENDPOINT";

    private static readonly ConditionalWeakTable<QwenClientOptions, List<string>> s_bindingErrors = [];

    public static IReadOnlyList<string> GetBindingErrors(QwenClientOptions options) =>
        s_bindingErrors.TryGetValue(options, out List<string>? errors) ? errors : [];

    public void Configure(QwenClientOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, QwenClientOptions options)
    {
        if ((name ?? Options.DefaultName) != registration.OptionsName)
        {
            return;
        }

        var errors = new List<string>();
        bool endpointSet = false;
        if (configuration is not null)
        {
            foreach (string path in registration.Sections)
            {
                endpointSet |= Bind(configuration.GetSection(path), options, errors);
            }
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            options.ApiKey = Variable(ApiKeyVariable);
        }

        if (!endpointSet && Variable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri))
            {
                options.Endpoint = uri;
            }
            else
            {
                errors.Add($"The {EndpointVariable} variable must be an absolute URI such as https://api.qwenapi.io/v1 (it is \"{endpoint}\").");
            }
        }

        if (errors.Count > 0)
        {
            s_bindingErrors.AddOrUpdate(options, errors);
        }
    }

    // Configuration first (hosts put environment variables there too), then the process environment.
    private string? Variable(string name) =>
        configuration?[name] is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(name);

    private static bool Bind(IConfigurationSection section, QwenClientOptions options, List<string> errors)
    {
        var reader = new SectionReader(section, errors);
        if (reader.String(nameof(QwenClientOptions.ApiKey)) is { } key)
        {
            options.ApiKey = key;
        }

        bool endpointSet = false;
        if (reader.Uri(nameof(QwenClientOptions.Endpoint)) is { } endpoint)
        {
            options.Endpoint = endpoint;
            endpointSet = true;
        }

        options.ModelId = reader.String(nameof(QwenClientOptions.ModelId)) ?? options.ModelId;
        options.EmbeddingModelId = reader.String(nameof(QwenClientOptions.EmbeddingModelId)) ?? options.EmbeddingModelId;
        options.EmbeddingDimensions = reader.Int32(nameof(QwenClientOptions.EmbeddingDimensions)) ?? options.EmbeddingDimensions;
        options.MaxConcurrentEmbeddingRequests = reader.Int32(nameof(QwenClientOptions.MaxConcurrentEmbeddingRequests)) ?? options.MaxConcurrentEmbeddingRequests;
        options.EmbeddingEncoding = reader.Enum<QwenEmbeddingEncoding>(nameof(QwenClientOptions.EmbeddingEncoding)) ?? options.EmbeddingEncoding;
        options.UserAgentSuffix = reader.String(nameof(QwenClientOptions.UserAgentSuffix)) ?? options.UserAgentSuffix;
        options.AllowInsecureHttp = reader.Boolean(nameof(QwenClientOptions.AllowInsecureHttp)) ?? options.AllowInsecureHttp;
        options.MaxRetries = reader.Int32(nameof(QwenClientOptions.MaxRetries)) ?? options.MaxRetries;
        options.RetryBaseDelay = reader.Duration(nameof(QwenClientOptions.RetryBaseDelay)) ?? options.RetryBaseDelay;
        options.RetryMaxDelay = reader.Duration(nameof(QwenClientOptions.RetryMaxDelay)) ?? options.RetryMaxDelay;
        options.MaxRetryAfter = reader.Duration(nameof(QwenClientOptions.MaxRetryAfter)) ?? options.MaxRetryAfter;
        options.OverallTimeout = reader.Duration(nameof(QwenClientOptions.OverallTimeout)) ?? options.OverallTimeout;
        options.ResponseHeadersTimeout = reader.Duration(nameof(QwenClientOptions.ResponseHeadersTimeout)) ?? options.ResponseHeadersTimeout;
        options.StreamIdleTimeout = reader.Duration(nameof(QwenClientOptions.StreamIdleTimeout)) ?? options.StreamIdleTimeout;
        options.MaxResponseBytes = reader.Int64(nameof(QwenClientOptions.MaxResponseBytes)) ?? options.MaxResponseBytes;
        options.MaxStreamEventBytes = reader.Int32(nameof(QwenClientOptions.MaxStreamEventBytes)) ?? options.MaxStreamEventBytes;
        options.MaxStreamBytes = reader.Int64(nameof(QwenClientOptions.MaxStreamBytes)) ?? options.MaxStreamBytes;
        options.RawStreamingChunks = reader.Boolean(nameof(QwenClientOptions.RawStreamingChunks)) ?? options.RawStreamingChunks;
        return endpointSet;
    }

    /// <summary>Reads typed values from a section; an unparsable value becomes an error naming its configuration path.</summary>
    private readonly struct SectionReader(IConfigurationSection section, List<string> errors)
    {
        public string? String(string key) => section[key] is { Length: > 0 } value ? value : null;

        public Uri? Uri(string key)
        {
            string? value = String(key);
            if (value is null)
            {
                return null;
            }

            if (System.Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri))
            {
                return uri;
            }

            errors.Add($"{Path(key)} must be an absolute URI such as https://api.qwenapi.io/v1 (it is \"{value}\").");
            return null;
        }

        public bool? Boolean(string key) => Parse(key, "true or false", static (string s, out bool v) => bool.TryParse(s, out v));

        public int? Int32(string key) =>
            Parse(key, "a whole number", static (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v));

        public long? Int64(string key) =>
            Parse(key, "a whole number", static (string s, out long v) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v));

        public T? Enum<T>(string key)
            where T : struct, Enum =>
            Parse(key, "one of " + string.Join(", ", System.Enum.GetNames<T>()), static (string s, out T v) =>
                System.Enum.TryParse(s, ignoreCase: true, out v) && System.Enum.IsDefined(v) && !char.IsAsciiDigit(s[0]) && s[0] != '-');

        public TimeSpan? Duration(string key) => Parse<TimeSpan>(key, "a duration such as 00:00:30 (hh:mm:ss) or Infinite", TryParseDuration);

        private T? Parse<T>(string key, string expected, TryParse<T> parse)
            where T : struct
        {
            string? value = String(key);
            if (value is null)
            {
                return null;
            }

            if (parse(value.Trim(), out T result))
            {
                return result;
            }

            errors.Add($"{Path(key)} must be {expected} (it is \"{value}\").");
            return null;
        }

        private string Path(string key) => section.Path + ":" + key;

        private static bool TryParseDuration(string value, out TimeSpan result)
        {
            if (value.Equals("Infinite", StringComparison.OrdinalIgnoreCase))
            {
                result = Timeout.InfiniteTimeSpan;
                return true;
            }

            // A bare number would parse as days ("30" is 30 days): refuse it rather than guess the unit.
            if (!value.Contains(':', StringComparison.Ordinal))
            {
                result = default;
                return false;
            }

            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out result);
        }
    }

    private delegate bool TryParse<T>(string value, out T result);
}
