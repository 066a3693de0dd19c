namespace QwenApi.Compatibility.Tests.MicrosoftExtensionsAI;

/// <summary>An enum argument and field: the simulator must pick one of its names.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TemperatureUnit>))]
public enum TemperatureUnit
{
    /// <summary>Degrees Celsius.</summary>
    Celsius,

    /// <summary>Degrees Fahrenheit.</summary>
    Fahrenheit,
}
