namespace QwenApi.Compatibility.Tests.MicrosoftExtensionsAI;

/// <summary>A structured-output target with an enum, a list and a nested record.</summary>
public sealed record Forecast(string City, TemperatureUnit Unit, List<ForecastDay> Days);
