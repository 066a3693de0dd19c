using Microsoft.Extensions.Options;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Validates the options of one registration with <see cref="QwenClientOptionsValidator"/>, adding the configuration
/// errors found while binding, so that every bad setting is reported together, named, and never with the key.
/// </summary>
internal sealed class QwenClientOptionsValidation(QwenClientRegistration registration) : IValidateOptions<QwenClientOptions>
{
    public ValidateOptionsResult Validate(string? name, QwenClientOptions options)
    {
        if ((name ?? Options.DefaultName) != registration.OptionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(QwenClientOptionsSetup.GetBindingErrors(options));
        failures.AddRange(QwenClientOptionsValidator.Validate(options));
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(failures.Select(f => registration.Description + ": " + f));
    }
}
