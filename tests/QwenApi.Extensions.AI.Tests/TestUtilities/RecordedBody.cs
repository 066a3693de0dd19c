using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Reads back what the simulator received, for exact request-body assertions.</summary>
internal static class RecordedBody
{
    public static JsonElement LastJson(QwenSimulator simulator) =>
        simulator.Requests[^1].Json ?? throw new InvalidOperationException("The last request had no JSON body.");

    /// <summary>Sends one non-streaming call with the given messages and options and returns the body the server saw.</summary>
    public static async Task<JsonElement> CaptureAsync(QwenSimulator simulator, IEnumerable<ChatMessage> messages, ChatOptions? options, string model = "qwen-plus")
    {
        simulator.Enqueue(SimulatorResponse.Answer("ok"));
        using QwenChatClient client = TestClients.Create(simulator, configure: o => o.ModelId = model);
        _ = await client.GetResponseAsync(messages, options);
        return LastJson(simulator);
    }

    /// <summary>The compact JSON text of one property of the body.</summary>
    public static string Field(JsonElement body, string name) =>
        body.TryGetProperty(name, out JsonElement value) ? value.GetRawText() : "<absent>";
}
