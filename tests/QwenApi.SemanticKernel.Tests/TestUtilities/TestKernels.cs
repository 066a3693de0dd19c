using System.Text.Json;

namespace QwenApi.SemanticKernel.Tests.TestUtilities;

/// <summary>Kernels and services pointed at a running simulator.</summary>
internal static class TestKernels
{
    public static QwenClientOptions Options(QwenSimulator simulator, string model = "qwen-plus") => new()
    {
        ApiKey = simulator.ApiKey,
        Endpoint = simulator.Endpoint,
        ModelId = model,
    };

    public static Kernel WithWeather(QwenSimulator simulator, Action<IKernelBuilder>? configure = null)
    {
        IKernelBuilder builder = Kernel.CreateBuilder().AddQwenChatCompletion(Options(simulator));
        builder.Plugins.AddFromType<WeatherPlugin>("Weather");
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>The JSON body of the request with the given 1-based sequence number.</summary>
    public static JsonElement Body(QwenSimulator simulator, int sequence) =>
        simulator.Requests.Single(r => r.Sequence == sequence).Json ?? throw new InvalidOperationException("the request had no JSON body");
}
