using System.ComponentModel;

namespace QwenApi.SemanticKernel.Tests.TestUtilities;

/// <summary>A one-function plugin; the simulator calls it with <c>city = "sample"</c>.</summary>
public sealed class WeatherPlugin
{
    [KernelFunction("GetWeather")]
    [Description("Gets the weather in a city.")]
    public static string GetWeather([Description("The city.")] string city) => $"Sunny in {city}";
}
