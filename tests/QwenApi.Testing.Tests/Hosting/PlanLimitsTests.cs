using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using QwenApi.Extensions.AI;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

/// <summary>
/// The simulator enforces the key's plan (issue 12, item 4): requests and tokens per fixed one-minute window on its clock,
/// a 429 with <c>Retry-After</c> computed from the window, and OpenAI-style <c>x-ratelimit-*</c> headers.
/// </summary>
public sealed class PlanLimitsTests
{
    private const string Body = """{"model":"qwen-plus","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task Requests_PastTheRequestsPerMinute_Get429WithRetryAfterUntilTheWindowResets()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { RequestsPerMinute = 2, TimeProvider = clock });
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body);
        clock.Advance(TimeSpan.FromSeconds(20));
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body);
        using HttpResponseMessage third = await SimulatorHttp.PostAsync(client, simulator, Body);
        clock.Advance(TimeSpan.FromSeconds(40));
        using HttpResponseMessage fourth = await SimulatorHttp.PostAsync(client, simulator, Body);

        Assert.Equal([200, 200, 429, 200], new[] { first, second, third, fourth }.Select(r => (int)r.StatusCode));
        Assert.Equal("40", Header(third, "Retry-After"));
        Assert.Contains("\"code\":\"limit_requests\"", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("2", "1", "60s"), (Header(first, "x-ratelimit-limit-requests"), Header(first, "x-ratelimit-remaining-requests"), Header(first, "x-ratelimit-reset-requests")));
        Assert.Equal(("0", "40s"), (Header(third, "x-ratelimit-remaining-requests"), Header(third, "x-ratelimit-reset-requests")));
        Assert.Equal("1", Header(fourth, "x-ratelimit-remaining-requests")); // a new window
    }

    [Fact]
    public async Task Requests_PastTheTokensPerMinute_Get429LimitTokens()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
        await using QwenSimulator probe = await QwenSimulator.StartAsync(new QwenSimulatorOptions { TokensPerMinute = 1_000_000, TimeProvider = clock });
        using var client = new HttpClient();
        using HttpResponseMessage measured = await SimulatorHttp.PostAsync(client, probe, Body);
        int perAnswer = 1_000_000 - int.Parse(Header(measured, "x-ratelimit-remaining-tokens")!, System.Globalization.CultureInfo.InvariantCulture);
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { TokensPerMinute = (2 * perAnswer) + 1, TimeProvider = clock });

        int[] statuses = new int[3];
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await SimulatorHttp.PostAsync(client, simulator, Body);
            statuses[i] = (int)response.StatusCode;
            if (i == 2)
            {
                Assert.Contains("\"code\":\"limit_tokens\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal("60", Header(response, "Retry-After"));
            }
        }

        Assert.True(perAnswer > 0);
        Assert.Equal([200, 200, 429], statuses);
    }

    [Fact]
    public async Task QwenChatClient_OverThePlan_GetsATypedRateLimitWithTheWindowsRetryAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { RequestsPerMinute = 1, TimeProvider = clock });
        using var client = new QwenChatClient(new QwenClientOptions { ApiKey = simulator.ApiKey, Endpoint = simulator.Endpoint, ModelId = "qwen-plus", MaxRetries = 0 });

        await client.GetResponseAsync("first");
        var error = await Assert.ThrowsAsync<QwenRateLimitException>(() => client.GetResponseAsync("second"));

        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.Equal("limit_requests", error.ErrorCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : null;
}
