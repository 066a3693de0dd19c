using System.Text.Json;

namespace QwenApi.Compatibility.Tests.TestUtilities;

/// <summary>Reads what the simulator received.</summary>
internal static class Wire
{
    public static JsonElement Body(QwenSimulator simulator, int index) => simulator.Requests[index].Json!.Value;

    /// <summary>The field's raw JSON, or <see langword="null"/> when the request did not carry it.</summary>
    public static string? Field(QwenSimulator simulator, int index, string name) =>
        Body(simulator, index).TryGetProperty(name, out JsonElement value) ? value.GetRawText() : null;

    public static string Answer(string prompt) => "Simulated answer to: " + prompt;
}
