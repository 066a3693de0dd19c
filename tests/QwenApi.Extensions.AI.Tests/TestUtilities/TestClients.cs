using Microsoft.Extensions.Time.Testing;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Builds clients pointed at a running simulator.</summary>
internal static class TestClients
{
    public static QwenClientOptions Options(QwenSimulator simulator, string model = "qwen-plus", TimeProvider? time = null) => new()
    {
        ApiKey = simulator.ApiKey,
        Endpoint = simulator.Endpoint,
        ModelId = model,
        TimeProvider = time ?? TimeProvider.System,
    };

    public static QwenChatClient For(QwenSimulator simulator, string model = "qwen-plus", Action<QwenClientOptions>? configure = null)
    {
        QwenClientOptions options = Options(simulator, model);
        configure?.Invoke(options);
        return new QwenChatClient(options);
    }

    /// <summary>A fake clock that starts at a fixed instant, for tests that move time.</summary>
    public static FakeTimeProvider FakeTime() => new(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
}
