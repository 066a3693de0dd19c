using System.Globalization;
using System.Text.Json;

namespace QwenApi.SemanticKernel;

/// <summary>Prepares <see cref="Microsoft.SemanticKernel.PromptExecutionSettings.ExtensionData"/> for reading: takes out <c>response_format</c> and lifts the entries of <c>extra_body</c> to the top level.</summary>
internal static class ExtensionFields
{
    private const string ResponseFormat = "response_format";
    private const string ExtraBodyName = "extra_body";

    /// <summary>Gets the entries to read, without <c>response_format</c> (returned apart) and with <c>extra_body</c>'s entries in place of it (they win over a top-level entry of the same name, as in OpenAI's clients).</summary>
    public static Dictionary<string, object>? Flatten(IDictionary<string, object>? data, out object? responseFormat)
    {
        responseFormat = null;
        if (data is null || data.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, object?>>? extraBody = null;
        foreach (KeyValuePair<string, object> entry in data)
        {
            if (entry.Key.Equals(ResponseFormat, StringComparison.OrdinalIgnoreCase))
            {
                responseFormat = entry.Value is JsonElement { ValueKind: JsonValueKind.Null } ? null : entry.Value;
            }
            else if (entry.Key.Equals(ExtraBodyName, StringComparison.OrdinalIgnoreCase))
            {
                extraBody = ReadExtraBody(entry.Value);
            }
            else if (entry.Value is not null)
            {
                result[entry.Key] = entry.Value;
            }
        }

        foreach (KeyValuePair<string, object?> entry in extraBody ?? [])
        {
            if (entry.Value is null or JsonElement { ValueKind: JsonValueKind.Null })
            {
                _ = result.Remove(entry.Key);
            }
            else
            {
                result[entry.Key] = entry.Value;
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>Gets the entries of an <c>extra_body</c> entry, or <see langword="null"/> when there is none.</summary>
    public static IEnumerable<KeyValuePair<string, object?>>? ExtraBody(IDictionary<string, object>? data)
    {
        KeyValuePair<string, object> entry = data?.FirstOrDefault(e => e.Key.Equals(ExtraBodyName, StringComparison.OrdinalIgnoreCase)) ?? default;
        return entry.Key is null ? null : ReadExtraBody(entry.Value);
    }

    /// <summary>
    /// Gets a sampling value as a <see langword="double"/>, for the settings' <see langword="double"/> properties:
    /// Semantic Kernel's own reading goes through <see langword="float"/>, which would turn 0.9 into 0.89999997615814209.
    /// </summary>
    public static double? Double(IDictionary<string, object>? data, string name)
    {
        if (data is null || !data.TryGetValue(name, out object? value))
        {
            return null;
        }

        return value switch
        {
            double d => d,
            float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            int i => i,
            long l => l,
            decimal m => (double)m,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            JsonElement { ValueKind: JsonValueKind.String } e when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            _ => null,
        };
    }

    private static IEnumerable<KeyValuePair<string, object?>>? ReadExtraBody(object? value) => value switch
    {
        null or JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement { ValueKind: JsonValueKind.Object } element => element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList(),
        IEnumerable<KeyValuePair<string, object?>> fields => fields,
        _ => throw new ArgumentException(
            $"Execution setting \"{ExtraBodyName}\" is a {value.GetType().Name}; use a JSON object or a dictionary of field names to values.", "executionSettings"),
    };
}
