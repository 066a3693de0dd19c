using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Validates the options of one registration with <see cref="QwenClientOptionsValidator"/>, adding the configuration
/// errors <see cref="QwenClientOptionsSetup"/> found while binding, so that every bad setting is reported together, named, and never with the key.
/// </summary>
internal sealed class QwenClientOptionsValidation(QwenClientRegistration registration) : IValidateOptions<QwenClientOptions>
{
    public ValidateOptionsResult Validate(string? name, QwenClientOptions options)
    {
        if ((name ?? Options.DefaultName) != registration.OptionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(options.ConfigurationErrors ?? []);
        // This path reads the key and endpoint from configuration, then the environment: the messages say so.
        failures.AddRange(QwenClientOptionsValidator.Validate(
            options,
            registration.Sections.Count == 0 ? $"ApiKey (from the configure callback or {QwenClientOptionsSetup.ApiKeyVariable})" : $"The API key (configuration {Keys("ApiKey")}, else the {QwenClientOptionsSetup.ApiKeyVariable} environment variable)",
            registration.Sections.Count == 0 ? "Endpoint" : $"The endpoint (configuration {Keys("Endpoint")}, else {QwenClientOptionsSetup.EndpointVariable}, else the default)"));
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(failures.Select(f => registration.Description + ": " + f));
    }

    // "Qwen:ApiKey" or "Qwen:fast:ApiKey": the keys the sections offer, in the order they are bound.
    private string Keys(string key) => string.Join(" or ", registration.Sections.Select(s => $"\"{s}:{key}\""));
}
