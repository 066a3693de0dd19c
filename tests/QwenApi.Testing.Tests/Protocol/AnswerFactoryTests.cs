using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class AnswerFactoryTests : SimulatorTestBase
{
    protected override QwenSimulatorOptions CreateOptions() => new()
    {
        TimeProvider = Time,
        AnswerFactory = r => $"Answer #{r.Sequence} to {r.LastUserMessage}",
        ReasoningFactory = r => $"Reasoning for {r.Json?.GetProperty("model").GetString()}",
    };

    [Fact]
    public async Task Unary_AnswerFactory_ProducesAnswerText()
    {
        var (_, body) = await SendAsync(ChatBodies.User("ping"));

        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("Answer #1 to ping", message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Unary_ReasoningFactory_ProducesReasoningWhenThinking()
    {
        var (_, body) = await SendAsync(ChatBodies.User("ping", extra: """{"enable_thinking":true}"""));

        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("Reasoning for qwen-plus", message.GetProperty("reasoning_content").GetString());
    }
}
