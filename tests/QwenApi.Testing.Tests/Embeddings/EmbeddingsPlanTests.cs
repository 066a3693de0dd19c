using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI.Tests.TestUtilities;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Embeddings;

/// <summary>
/// Embeddings under the simulator's other behaviours: shuffled <c>data</c>, scripted faults for one batch, the key's
/// plan (embeddings charge their input tokens) and the time to first token.
/// </summary>
public sealed class EmbeddingsPlanTests
{
    private static readonly DateTimeOffset s_now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ShuffleEmbeddings_SendsDataOutOfOrder_EachItemKeepingItsInputsIndex()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ShuffleEmbeddings = true });
        using var client = new HttpClient();
        string[] inputs = ["zero", "one", "two", "three", "four"];

        (_, JsonElement answer) = await EmbeddingsHttp.SendAsync(client, simulator, EmbeddingsHttp.Body(inputs));

        int[] indexes = [.. answer.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("index").GetInt32())];
        Assert.NotEqual([0, 1, 2, 3, 4], indexes);
        Assert.Equal([0, 1, 2, 3, 4], indexes.Order());
        float[][] vectors = EmbeddingsHttp.Vectors(answer);
        for (int i = 0; i < inputs.Length; i++)
        {
            (_, JsonElement alone) = await EmbeddingsHttp.SendAsync(client, simulator, EmbeddingsHttp.Body([inputs[i]]));
            Assert.Equal(EmbeddingsHttp.Vectors(alone)[0], vectors[i]);
        }
    }

    [Fact]
    public async Task Script_WithAMarkerInABatchsInputs_Gives429WithRetryAfterToThatBatchOnly()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using var client = new HttpClient();
        simulator.Enqueue("doc-5", SimulatorResponse.Error(429, headers: new Dictionary<string, string> { ["Retry-After"] = "2" }));

        List<(int Status, string? RetryAfter)> results = [];
        foreach (string[] batch in new[] { new[] { "doc-1", "doc-2" }, ["doc-4", "doc-5"], ["doc-7"] })
        {
            using HttpResponseMessage response = await EmbeddingsHttp.PostAsync(client, simulator, EmbeddingsHttp.Body(batch));
            results.Add(((int)response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal([(200, null), (429, "2"), (200, null)], results);
        Assert.Equal([2, 2, 1], simulator.Requests.Select(r => r.Json!.Value.GetProperty("input").GetArrayLength()));
    }

    [Fact]
    public async Task Plan_EmbeddingsChargeTheirInputTokens_AndPastTheTokensPerMinuteGet429LimitTokens()
    {
        var clock = new FakeTimeProvider(s_now);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { TokensPerMinute = 5, TimeProvider = clock });
        using var client = new HttpClient();

        using HttpResponseMessage first = await EmbeddingsHttp.PostAsync(client, simulator, EmbeddingsHttp.Body(["one two", "three"]));
        using HttpResponseMessage second = await EmbeddingsHttp.PostAsync(client, simulator, EmbeddingsHttp.Body(["four five six"]));
        clock.Advance(TimeSpan.FromMinutes(1));
        using HttpResponseMessage third = await EmbeddingsHttp.PostAsync(client, simulator, EmbeddingsHttp.Body(["four five six"]));

        Assert.Equal([200, 429, 200], new[] { first, second, third }.Select(r => (int)r.StatusCode));
        Assert.Equal("2", first.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
        Assert.Contains("\"code\":\"limit_tokens\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Rate limit reached for text-embedding-v4 on tokens per min (TPM): Limit 5, Used 3, Requested 3.", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("60", second.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Plan_PastTheRequestsPerMinute_EmbeddingsGet429LimitRequests()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { RequestsPerMinute = 1, TimeProvider = new FakeTimeProvider(s_now) });
        using var client = new HttpClient();

        (int first, _) = await EmbeddingsHttp.SendAsync(client, simulator, EmbeddingsHttp.Body(["a"]));
        (int second, JsonElement answer) = await EmbeddingsHttp.SendAsync(client, simulator, EmbeddingsHttp.Body(["b"]));

        Assert.Equal((200, 429), (first, second));
        Assert.Equal("limit_requests", answer.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Latency_EmbeddingsWaitTheTimeToFirstTokenOnly()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions
        {
            TimeProvider = clock, TimeToFirstToken = TimeSpan.FromSeconds(2), TokensPerSecond = 10,
        });
        using var client = new HttpClient();

        Task<(int Status, JsonElement Json)> call = EmbeddingsHttp.SendAsync(client, simulator, EmbeddingsHttp.Body(["one two three four five"]));
        await clock.DriveAsync(call);

        Assert.Equal(200, (await call).Status);
        Assert.Equal([TimeSpan.FromSeconds(2)], clock.ArmedDelays);
    }
}
