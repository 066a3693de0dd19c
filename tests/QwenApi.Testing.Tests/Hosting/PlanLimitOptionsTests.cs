using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

/// <summary>
/// The plan-limit behaviours of real servers, each an option, on the fake clock: admission accounting, a sliding window,
/// short or absent <c>Retry-After</c> hints, and the <c>x-ratelimit-*</c> headers on or off.
/// </summary>
public sealed class PlanLimitOptionsTests
{
    private const string Body = """{"model":"qwen-plus","messages":[{"role":"user","content":"Hi"}]}""";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Admission_ChargesPromptPlusTheRequestsMaximumOutput_NotTheAnswer()
    {
        await using QwenSimulator usage = await StartAsync(o => o.TokensPerMinute = 1_000_000);
        await using QwenSimulator admission = await StartAsync(o => (o.TokensPerMinute, o.TokenAccounting, o.AdmissionMaxTokens) = (1_000_000, SimulatorTokenAccounting.Admission, 5_000));
        using var client = new HttpClient();

        using HttpResponseMessage used = await SimulatorHttp.PostAsync(client, usage, Body);
        long prompt = 1_000_000 - Remaining(used) - CompletionTokens(await used.Content.ReadAsStringAsync());
        using HttpResponseMessage capped = await SimulatorHttp.PostAsync(client, admission, ChatBodies.User("Hi", extra: """{"max_tokens":300}"""));
        using HttpResponseMessage newer = await SimulatorHttp.PostAsync(client, admission, ChatBodies.User("Hi", extra: """{"max_completion_tokens":200,"max_tokens":300}"""));
        using HttpResponseMessage uncapped = await SimulatorHttp.PostAsync(client, admission, Body);

        Assert.Equal(1_000_000 - prompt - 300, Remaining(capped));
        Assert.Equal(Remaining(capped) - prompt - 200, Remaining(newer)); // max_completion_tokens wins, as OpenAI reads it
        Assert.Equal(Remaining(newer) - prompt - 5_000, Remaining(uncapped));
    }

    [Fact]
    public async Task Admission_PastTheTokens_Gets429LimitTokensSayingWhatWasUsedAndRequested()
    {
        await using QwenSimulator simulator = await StartAsync(o => (o.TokensPerMinute, o.TokenAccounting, o.AdmissionMaxTokens) = (10_000, SimulatorTokenAccounting.Admission, 6_000));
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body);
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body);

        Assert.Equal((200, 429), ((int)first.StatusCode, (int)second.StatusCode));
        string error = await second.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"limit_tokens\"", error, StringComparison.Ordinal);
        Assert.Contains($"on tokens per min (TPM): Limit 10000, Used {10_000 - Remaining(first)}, Requested {10_000 - Remaining(first)}. Please try again in 60s.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sliding_FreesEachRequestAMinuteAfterItCameIn_NotTheWholeWindowAtOnce()
    {
        await using QwenSimulator simulator = await StartAsync(o => (o.RequestsPerMinute, o.RateLimitWindow) = (2, SimulatorRateLimitWindow.Sliding));
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body); // t = 0
        _clock.Advance(TimeSpan.FromSeconds(20));
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body); // t = 20
        _clock.Advance(TimeSpan.FromSeconds(10));
        using HttpResponseMessage third = await SimulatorHttp.PostAsync(client, simulator, Body); // t = 30: full until 60
        _clock.Advance(TimeSpan.FromSeconds(30));
        using HttpResponseMessage fourth = await SimulatorHttp.PostAsync(client, simulator, Body); // t = 60: the first left
        using HttpResponseMessage fifth = await SimulatorHttp.PostAsync(client, simulator, Body); // t = 60: the second is in until 80

        Assert.Equal([200, 200, 429, 200, 429], new[] { first, second, third, fourth, fifth }.Select(r => (int)r.StatusCode));
        Assert.Equal(("30", "20"), (Header(third, "Retry-After"), Header(fifth, "Retry-After")));
        Assert.Equal(("0", "50s"), (Header(third, "x-ratelimit-remaining-requests"), Header(third, "x-ratelimit-reset-requests"))); // empty when the last one (t = 20) leaves
        Assert.Equal("0", Header(fourth, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task Sliding_Tokens_WaitOnlyUntilEnoughOfTheOldestRequestsHaveLeft()
    {
        await using QwenSimulator probe = await StartAsync(o => o.TokensPerMinute = 1_000_000);
        using var client = new HttpClient();
        using HttpResponseMessage measured = await SimulatorHttp.PostAsync(client, probe, Body);
        long perAnswer = 1_000_000 - Remaining(measured);
        await using QwenSimulator simulator = await StartAsync(o => (o.TokensPerMinute, o.RateLimitWindow) = ((int)(3 * perAnswer), SimulatorRateLimitWindow.Sliding));

        int[] statuses = new int[4];
        HttpResponseMessage? last = null;
        for (int i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await SimulatorHttp.PostAsync(client, simulator, Body);
            statuses[i] = (int)last.StatusCode;
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        using HttpResponseMessage refused = last!;
        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal("45", Header(refused, "Retry-After")); // the first, admitted at 0, leaves at 60; this came at 15
        Assert.Contains("\"code\":\"limit_tokens\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxRetryAfterHint_CapsTheHintAndTheMessage_WhateverTheWindowSays()
    {
        await using QwenSimulator simulator = await StartAsync(o => (o.RequestsPerMinute, o.MaxRetryAfterHint) = (1, TimeSpan.FromSeconds(2)));
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body);
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body);

        Assert.Equal((200, 429), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Equal("2", Header(second, "Retry-After"));
        Assert.Equal("60s", Header(second, "x-ratelimit-reset-requests")); // the headers stay truthful
        string error = await second.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"limit_requests\"", error, StringComparison.Ordinal);
        Assert.Contains("on requests per min (RPM): Limit 1, Used 1, Requested 1. Please try again in 2s.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRetryAfterAndSendRateLimitHeaders_Off_LeaveTheHeadersOut()
    {
        await using QwenSimulator simulator = await StartAsync(o => (o.RequestsPerMinute, o.SendRetryAfter, o.SendRateLimitHeaders) = (1, false, false));
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body);
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body);

        Assert.Equal((200, 429), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Null(second.Headers.RetryAfter);
        Assert.DoesNotContain(first.Headers.Concat(second.Headers), h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(59_980, "20ms")]
    [InlineData(58_500, "1.5s")]
    [InlineData(0, "60s")]
    public async Task RateLimitHeaders_WriteResetsAsOpenAIDurations(int elapsedMs, string reset)
    {
        await using QwenSimulator simulator = await StartAsync(o => (o.RequestsPerMinute, o.TokensPerMinute) = (10, 1_000_000));
        using var client = new HttpClient();

        using HttpResponseMessage first = await SimulatorHttp.PostAsync(client, simulator, Body);
        _clock.Advance(TimeSpan.FromMilliseconds(elapsedMs));
        using HttpResponseMessage second = await SimulatorHttp.PostAsync(client, simulator, Body);

        Assert.Equal((reset, reset), (Header(second, "x-ratelimit-reset-requests"), Header(second, "x-ratelimit-reset-tokens")));
    }

    [Fact]
    public async Task StartAsync_RateLimitSettingsOutOfRange_Throw()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { AdmissionMaxTokens = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { MaxRetryAfterHint = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QwenSimulator.StartAsync(new QwenSimulatorOptions { RateLimitWindow = (SimulatorRateLimitWindow)7 }));
    }

    private Task<QwenSimulator> StartAsync(Action<QwenSimulatorOptions> configure)
    {
        var options = new QwenSimulatorOptions { TimeProvider = _clock };
        configure(options);
        return QwenSimulator.StartAsync(options);
    }

    private static long Remaining(HttpResponseMessage response) =>
        long.Parse(Header(response, "x-ratelimit-remaining-tokens")!, CultureInfo.InvariantCulture);

    private static long CompletionTokens(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt64();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : null;
}
