using System.Text.Json;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

/// <summary>
/// The simulator's latency (issue 12, item 4), on the fake clock: <see cref="QwenSimulatorOptions.TimeToFirstToken"/>
/// before anything is sent, then one interval of <see cref="QwenSimulatorOptions.TokensPerSecond"/> per streamed token,
/// or, for a unary answer, the time all its completion tokens take.
/// </summary>
public sealed class PlanLatencyTests
{
    private static readonly TimeSpan s_tenthOfASecond = TimeSpan.FromSeconds(0.1);

    [Fact]
    public async Task StreamedAnswer_WaitsTheTimeToFirstToken_ThenOneIntervalPerChunk()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(Options(clock));
        using var client = new HttpClient();

        Task<List<string>> events = SimulatorHttp.StreamAsync(client, simulator, """{"model":"qwen-plus","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""");
        await clock.DriveAsync(events);

        List<string> data = await events;
        Assert.Equal("[DONE]", data[^1]);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.ArmedDelays[0]);
        Assert.Equal(Enumerable.Repeat(s_tenthOfASecond, data.Count - 1), clock.ArmedDelays.Skip(1)); // one per JSON event
        Assert.Equal("one two three four five", string.Concat(data.SkipLast(1).Select(Text)));
    }

    [Fact]
    public async Task UnaryAnswer_WaitsTheTimeToFirstToken_ThenTheTimeItsCompletionTokensTake()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(Options(clock));
        using var client = new HttpClient();

        Task<(int Status, string Body)> call = SimulatorHttp.SendAsync(client, simulator, """{"model":"qwen-plus","messages":[{"role":"user","content":"Hi"}]}""");
        await clock.DriveAsync(call);

        (int status, string body) = await call;
        int completionTokens = JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal(200, status);
        Assert.Equal(5, completionTokens);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)], clock.ArmedDelays);
    }

    private static QwenSimulatorOptions Options(TimeProvider clock) => new()
    {
        TimeProvider = clock,
        TimeToFirstToken = TimeSpan.FromSeconds(2),
        TokensPerSecond = 10,
        AnswerFactory = _ => "one two three four five",
    };

    private static string Text(string data)
    {
        using var chunk = JsonDocument.Parse(data);
        return chunk.RootElement.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
            && choices[0].GetProperty("delta").TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Empty;
    }
}
