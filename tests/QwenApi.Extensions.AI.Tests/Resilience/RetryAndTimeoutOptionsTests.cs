namespace QwenApi.Extensions.AI.Tests.Resilience;

/// <summary>Retry and timeout settings are validated once, at construction, with every problem named together.</summary>
public sealed class RetryAndTimeoutOptionsTests
{
    [Fact]
    public void Constructor_EveryRetryAndTimeoutSettingInvalid_ListsEachProblemInOneException()
    {
        var options = new QwenClientOptions
        {
            ApiKey = "sk-test",
            ModelId = "qwen-plus",
            MaxRetries = -1,
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.FromSeconds(-1),
            MaxRetryAfter = TimeSpan.FromSeconds(-1),
            OverallTimeout = TimeSpan.Zero,
            ResponseHeadersTimeout = TimeSpan.FromSeconds(-5),
            StreamIdleTimeout = TimeSpan.FromMilliseconds(-2),
        };

        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(options));

        string[] names = ["MaxRetries", "RetryBaseDelay", "RetryMaxDelay", "MaxRetryAfter", "OverallTimeout", "ResponseHeadersTimeout", "StreamIdleTimeout"];
        Assert.All(names, n => Assert.Contains($"QwenClientOptions.{n} ", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_TooManyRetries_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = "sk-test", MaxRetries = 21 }));

        Assert.Contains("MaxRetries must be between 0 and 20 (it is 21)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TimeoutsDisabledAndRetriesOff_IsAccepted()
    {
        using var client = new QwenChatClient(new QwenClientOptions
        {
            ApiKey = "sk-test",
            MaxRetries = 0,
            MaxRetryAfter = TimeSpan.Zero,
            OverallTimeout = Timeout.InfiniteTimeSpan,
            ResponseHeadersTimeout = Timeout.InfiniteTimeSpan,
            StreamIdleTimeout = Timeout.InfiniteTimeSpan,
        });

        Assert.NotNull(client);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new QwenClientOptions();

        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(10), options.OverallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(330), options.ResponseHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), options.StreamIdleTimeout);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }
}
