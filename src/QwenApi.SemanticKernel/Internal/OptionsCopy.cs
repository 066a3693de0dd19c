using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Copies of option objects whose own <c>Clone</c> is not public. Tests compare every public settable property by
/// reflection, so a property added upstream and not copied here fails the build's tests rather than being dropped.
/// </summary>
internal static class OptionsCopy
{
    public static QwenSearchOptions? Copy(QwenSearchOptions? source) => source is null ? null : new()
    {
        ForcedSearch = source.ForcedSearch,
        SearchStrategy = source.SearchStrategy,
        EnableSource = source.EnableSource,
        EnableCitation = source.EnableCitation,
        AdditionalProperties = source.AdditionalProperties is null ? null : new Dictionary<string, object?>(source.AdditionalProperties),
    };

    public static QwenTranslationOptions? Copy(QwenTranslationOptions? source) => source is null ? null : new()
    {
        SourceLang = source.SourceLang,
        TargetLang = source.TargetLang,
        Domains = source.Domains,
        AdditionalProperties = source.AdditionalProperties is null ? null : new Dictionary<string, object?>(source.AdditionalProperties),
    };

    public static QwenClientOptions Copy(QwenClientOptions source) => new()
    {
        ApiKey = source.ApiKey,
        Endpoint = source.Endpoint,
        ModelId = source.ModelId,
        AllowInsecureHttp = source.AllowInsecureHttp,
        MaxRetries = source.MaxRetries,
        RetryBaseDelay = source.RetryBaseDelay,
        RetryMaxDelay = source.RetryMaxDelay,
        MaxRetryAfter = source.MaxRetryAfter,
        OverallTimeout = source.OverallTimeout,
        ResponseHeadersTimeout = source.ResponseHeadersTimeout,
        StreamIdleTimeout = source.StreamIdleTimeout,
        TimeProvider = source.TimeProvider,
        LoggerFactory = source.LoggerFactory,
        ConfigureResilience = source.ConfigureResilience,
        UserAgentSuffix = source.UserAgentSuffix,
    };

    /// <summary>Copies every standard <see cref="ChatOptions"/> value onto <paramref name="target"/> (a Qwen template).</summary>
    public static void CopyStandard(ChatOptions source, QwenChatOptions target)
    {
        target.ConversationId = source.ConversationId;
        target.Instructions = source.Instructions;
        target.Temperature = source.Temperature;
        target.MaxOutputTokens = source.MaxOutputTokens;
        target.TopP = source.TopP;
        target.TopK = source.TopK;
        target.FrequencyPenalty = source.FrequencyPenalty;
        target.PresencePenalty = source.PresencePenalty;
        target.Seed = source.Seed;
        target.Reasoning = source.Reasoning;
        target.ResponseFormat = source.ResponseFormat;
        target.ModelId = source.ModelId;
        target.StopSequences = source.StopSequences is null ? null : [.. source.StopSequences];
        target.AllowMultipleToolCalls = source.AllowMultipleToolCalls;
        target.ToolMode = source.ToolMode;
        target.Tools = source.Tools is null ? null : [.. source.Tools];
        target.AllowBackgroundResponses = source.AllowBackgroundResponses;
        target.ContinuationToken = source.ContinuationToken;
        target.RawRepresentationFactory = source.RawRepresentationFactory;
        target.AdditionalProperties = source.AdditionalProperties?.Clone();
    }
}
