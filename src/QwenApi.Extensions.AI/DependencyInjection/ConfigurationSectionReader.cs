using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads typed values from one configuration section; a value that does not parse becomes an error naming its
/// configuration path and the form expected, so that validation reports every bad setting together.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationBinder</c> (reflection or source-generated): it throws at the first value it cannot convert, without the
/// form expected or the other problems; reads a bare number as days and refuses <c>Infinite</c>; and would build the
/// coordinator and clock from any section named like them.
/// </remarks>
internal readonly struct ConfigurationSectionReader(IConfigurationSection section, List<string> errors)
{
    public string? String(string key) => section[key] is { Length: > 0 } value ? value : null;

    public bool? Boolean(string key) => Parse<bool>(key, "true or false");

    public int? Int32(string key) => Parse<int>(key, "a whole number");

    public long? Int64(string key) => Parse<long>(key, "a whole number");

    public T? Enum<T>(string key)
        where T : struct, Enum
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        // Names only: Enum.TryParse also takes numbers ("7", "-1"), which would let a typo pass as some value.
        string text = value.Trim();
        if (System.Enum.TryParse(text, ignoreCase: true, out T result) && System.Enum.IsDefined(result) && !char.IsAsciiDigit(text[0]) && text[0] != '-')
        {
            return result;
        }

        Report(key, "one of " + string.Join(", ", System.Enum.GetNames<T>()), value);
        return null;
    }

    public Uri? Uri(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (System.Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri))
        {
            return uri;
        }

        Report(key, "an absolute URI such as https://api.qwenapi.io/v1", value);
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        string text = value.Trim();
        if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase))
        {
            return Timeout.InfiniteTimeSpan;
        }

        // A bare number would parse as days ("30" is 30 days): refuse it rather than guess the unit.
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan duration))
        {
            return duration;
        }

        Report(key, "a duration such as 00:00:30 (hh:mm:ss) or Infinite", value);
        return null;
    }

    private T? Parse<T>(string key, string expected)
        where T : struct, IParsable<T>
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (T.TryParse(value.Trim(), CultureInfo.InvariantCulture, out T result))
        {
            return result;
        }

        Report(key, expected, value);
        return null;
    }

    private void Report(string key, string expected, string value) =>
        errors.Add($"{section.Path}:{key} must be {expected} (it is \"{value}\").");
}
