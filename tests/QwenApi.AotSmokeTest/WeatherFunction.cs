using System.Text.Json;

namespace QwenApi.AotSmokeTest;

/// <summary>
/// A hand-written tool: AIFunctionFactory builds functions by reflection, which NativeAOT apps should avoid.
/// </summary>
internal sealed class WeatherFunction : AIFunction
{
    private static readonly JsonElement s_schema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string","description":"The city."}},"required":["city"]}""").RootElement;

    public override string Name => "get_weather";

    public override string Description => "Gets the weather in a city.";

    public override JsonElement JsonSchema => s_schema;

    /// <summary>Gets the answer for a city, as the tool returns it.</summary>
    public static string Forecast(string city) => $"Sunny in {city}";

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        string city = arguments.TryGetValue("city", out object? value) ? value switch
        {
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
            string text => text,
            _ => throw new ArgumentException($"city must be a string, got {value?.GetType().Name ?? "null"}."),
        } : throw new ArgumentException("The city argument is missing.");

        return ValueTask.FromResult<object?>(Forecast(city));
    }
}
