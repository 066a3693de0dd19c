using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Fills the options of one registration from its configuration sections, then from <c>QWEN_API_KEY</c> /
/// <c>QWEN_ENDPOINT</c> when the key or endpoint is still unset. Values that cannot be read are not thrown but kept in
/// <see cref="QwenClientOptions.ConfigurationErrors"/>, where <see cref="QwenClientOptionsValidation"/> reports them with the rest.
/// </summary>
internal sealed class QwenClientOptionsSetup(QwenClientRegistration registration, IConfiguration? configuration) : IConfigureNamedOptions<QwenClientOptions>
{
    public const string ApiKeyVariable = "QWEN_API_KEY";
    public const string EndpointVariable = "QWEN_ENDPOINT";

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
                endpointSet |= Bind(new ConfigurationSectionReader(configuration.GetSection(path), errors), options);
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

        options.ConfigurationErrors = errors.Count > 0 ? errors : null;
    }

    // Configuration first (hosts put environment variables there too), then the process environment.
    private string? Variable(string name) =>
        configuration?[name] is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(name);

    // Returns whether the section set the endpoint, which then takes precedence over QWEN_ENDPOINT.
    private static bool Bind(ConfigurationSectionReader reader, QwenClientOptions options)
    {
        Uri? endpoint = reader.Uri(nameof(QwenClientOptions.Endpoint));
        options.Endpoint = endpoint ?? options.Endpoint;
        options.ApiKey = reader.String(nameof(QwenClientOptions.ApiKey)) ?? options.ApiKey;
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
        return endpoint is not null;
    }
}
