namespace QwenApi.Extensions.AI.Tests.RateLimiting;

/// <summary>
/// A 429's limit (requests or tokens: from the code, the message, then the remaining headers) and the pause it sets:
/// until the later of Retry-After and the matching reset; without any hint, none.
/// </summary>
public sealed class RateLimitedAnswerTests
{
    private static readonly DateTimeOffset s_now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("limit_tokens", "Tokens rate limit exceeded", QwenRateLimitKind.Tokens)]
    [InlineData("rate_limit_exceeded", "Rate limit reached for qwen-plus on tokens per min (TPM): Limit 1000000", QwenRateLimitKind.Tokens)]
    [InlineData("limit_requests", "Requests rate limit exceeded, please try again later.", QwenRateLimitKind.Requests)]
    [InlineData("rate_limit_exceeded", "Rate limit reached for qwen-plus on requests per min (RPM): Limit 60", QwenRateLimitKind.Requests)]
    [InlineData("rate_limit_exceeded", "Too many requests", QwenRateLimitKind.Unknown)]
    [InlineData(null, null, QwenRateLimitKind.Unknown)]
    public void Kind_FromCodeAndMessage(string? code, string? message, QwenRateLimitKind expected) =>
        Assert.Equal(expected, RateLimitedAnswer.Kind(code, message, null));

    [Fact]
    public void Kind_FromTheRemainingHeaders_WhenTheBodySaysNothing()
    {
        Assert.Equal(QwenRateLimitKind.Tokens, RateLimitedAnswer.Kind(null, null, new QwenServerRateLimits { RemainingTokens = 0, RemainingRequests = 12 }));
        Assert.Equal(QwenRateLimitKind.Requests, RateLimitedAnswer.Kind(null, null, new QwenServerRateLimits { RemainingTokens = 500, RemainingRequests = 0 }));
    }

    [Fact]
    public void PauseUntil_TokensWithAShortRetryAfter_LastsUntilTheTokenReset()
    {
        var limits = new QwenServerRateLimits { RemainingTokens = 0, TokensResetAt = s_now.AddSeconds(20), RequestsResetAt = s_now.AddSeconds(40) };

        Assert.Equal(s_now.AddSeconds(20), RateLimitedAnswer.PauseUntil(s_now, TimeSpan.FromSeconds(1), QwenRateLimitKind.Tokens, limits));
    }

    [Fact]
    public void PauseUntil_RetryAfterLaterThanTheReset_Wins() =>
        Assert.Equal(
            s_now.AddSeconds(30),
            RateLimitedAnswer.PauseUntil(s_now, TimeSpan.FromSeconds(30), QwenRateLimitKind.Requests, new QwenServerRateLimits { RequestsResetAt = s_now.AddSeconds(5) }));

    [Fact]
    public void PauseUntil_UnknownKind_UsesTheResetOfEveryExhaustedLimit()
    {
        var limits = new QwenServerRateLimits
        {
            RemainingRequests = 3,
            RequestsResetAt = s_now.AddSeconds(50),
            RemainingTokens = 0,
            TokensResetAt = s_now.AddSeconds(8),
        };

        Assert.Equal(s_now.AddSeconds(8), RateLimitedAnswer.PauseUntil(s_now, null, QwenRateLimitKind.Unknown, limits));
    }

    [Fact]
    public void PauseUntil_NoHintAtAll_IsNoPause()
    {
        Assert.Null(RateLimitedAnswer.PauseUntil(s_now, null, QwenRateLimitKind.Tokens, null));
        Assert.Null(RateLimitedAnswer.PauseUntil(s_now, TimeSpan.Zero, QwenRateLimitKind.Unknown, new QwenServerRateLimits { RemainingRequests = 2 }));
    }

    [Fact]
    public void PauseUntil_HugeRetryAfter_Saturates() =>
        Assert.Equal(DateTimeOffset.MaxValue, RateLimitedAnswer.PauseUntil(s_now, TimeSpan.MaxValue, QwenRateLimitKind.Unknown, null));
}
