using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Reads the typed Qwen fields that <see cref="QwenChatOptions"/> keeps in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
internal static class QwenOptionValues
{
    /// <summary>
    /// The entry converted to <typeparamref name="T"/>: as stored, or from what a component may have turned it into (a
    /// <see cref="JsonElement"/> or <see cref="JsonNode"/> after a JSON round trip, another numeric type, a string);
    /// <see langword="null"/> when absent or not convertible.
    /// </summary>
    public static T? Get<T>(AdditionalPropertiesDictionary? properties, string key)
        where T : struct
    {
        if (properties is null || !properties.TryGetValue(key, out object? value) || value is null)
        {
            return null;
        }

        if (value is T typed)
        {
            return typed;
        }

        try
        {
            object? converted = value switch
            {
                JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } e when typeof(T) == typeof(bool) => e.GetBoolean(),
                JsonElement { ValueKind: JsonValueKind.Number } e when typeof(T) == typeof(int) => e.GetInt32(),
                JsonElement { ValueKind: JsonValueKind.Number } e when typeof(T) == typeof(float) => e.GetSingle(),
                JsonElement { ValueKind: JsonValueKind.String } e => Convert.ChangeType(e.GetString(), typeof(T), CultureInfo.InvariantCulture),
                JsonValue node => node.GetValue<T>(),
                IConvertible convertible => Convert.ChangeType(convertible, typeof(T), CultureInfo.InvariantCulture),
                _ => null,
            };
            return converted is T result ? result : null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The value, unless it is set and not greater than zero (NaN included): then throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static T? RequirePositive<T>(T? value, string name)
        where T : struct, INumber<T> =>
        value is { } v && !(v > T.Zero) ? throw new ArgumentOutOfRangeException(name, value, $"QwenChatOptions.{name} must be positive.") : value;
}
