namespace QwenApi.Compatibility.Tests.MicrosoftExtensionsAI;

/// <summary>One day of a <see cref="Forecast"/>.</summary>
public sealed record ForecastDay(string Date, double High, double Low);
