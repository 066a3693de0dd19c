using System.Globalization;

namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// The <c>x-ratelimit-*</c> parser over the forms servers send: OpenAI's Go durations, plain seconds, Unix instants,
/// integer counts; garbage and negative values (Azure's <c>-1</c>) are ignored; an answer without the headers costs nothing.
/// </summary>
public sealed class ServerRateLimitHeadersTests
{
    private static readonly DateTimeOffset s_now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("59.9s", 59_900)]
    [InlineData("20ms", 20)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("1m30.25s", 90_250)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("2000000ns", 2)]
    [InlineData("30", 30_000)]
    [InlineData("0.5", 500)]
    [InlineData(" 7s ", 7_000)]
    [InlineData("0s", 0)]
    public void TryParseReset_Duration_IsAddedToNow(string text, double milliseconds)
    {
        Assert.True(ServerRateLimitHeaders.TryParseReset(text, s_now, out DateTimeOffset at));
        Assert.Equal(s_now + TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)), at);
    }

    [Fact]
    public void TryParseReset_UnixSeconds_IsThatInstant()
    {
        Assert.True(ServerRateLimitHeaders.TryParseReset("1770724860", s_now, out DateTimeOffset at));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_770_724_860), at);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("1x")]
    [InlineData("-1s")]
    [InlineData("1.2.3s")]
    [InlineData("s")]
    [InlineData("5m s")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    public void TryParseReset_Garbage_IsIgnored(string text) =>
        Assert.False(ServerRateLimitHeaders.TryParseReset(text, s_now, out _));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("4999", 4999L)]
    [InlineData(" 12 ", 12L)]
    [InlineData("150000000", 150_000_000L)]
    public void TryParseCount_Digits_AreTheCount(string text, long expected)
    {
        Assert.True(ServerRateLimitHeaders.TryParseCount(text, out long count));
        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("+3")]
    [InlineData("")]
    [InlineData("many")]
    public void TryParseCount_NotANonNegativeInteger_IsIgnored(string text) =>
        Assert.False(ServerRateLimitHeaders.TryParseCount(text, out _));

    [Fact]
    public void Read_OpenAiHeaders_FillEveryValue()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit-requests", "5000");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-requests", "4999");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-requests", "12ms");
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit-tokens", "160000");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-tokens", "159976");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-tokens", "6m0s");
        DateTimeOffset admitted = s_now.AddSeconds(-2);

        QwenServerRateLimits limits = ServerRateLimitHeaders.Read(response.Headers, s_now, admitted)!;

        Assert.Equal(
            new QwenServerRateLimits
            {
                RequestLimit = 5000,
                RemainingRequests = 4999,
                RequestsResetAt = s_now.AddMilliseconds(12),
                TokenLimit = 160_000,
                RemainingTokens = 159_976,
                TokensResetAt = s_now.AddMinutes(6),
                AdmittedAt = admitted,
            },
            limits);
    }

    [Fact]
    public void Read_AzureNotApplicableValues_AreAbsent()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-tokens", "-1");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-requests", "17");

        QwenServerRateLimits limits = ServerRateLimitHeaders.Read(response.Headers, s_now, s_now)!;

        Assert.Null(limits.RemainingTokens);
        Assert.Equal(17, limits.RemainingRequests);
    }

    [Fact]
    public void Read_NoRateLimitHeaders_IsNullAndAllocatesNothing()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-request-id", "req-1");
        response.Headers.TryAddWithoutValidation("Retry-After", "3");
        _ = ServerRateLimitHeaders.Read(response.Headers, s_now, s_now); // JIT and first-touch caches

        long before = GC.GetAllocatedBytesForCurrentThread();
        QwenServerRateLimits? limits = ServerRateLimitHeaders.Read(response.Headers, s_now, s_now);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(limits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Read_InvariantCulture_WhateverTheCurrentCulture()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.True(ServerRateLimitHeaders.TryParseReset("1.5s", s_now, out DateTimeOffset at));
            Assert.Equal(s_now.AddMilliseconds(1500), at);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
