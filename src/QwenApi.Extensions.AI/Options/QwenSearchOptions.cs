using System.Text.Json.Serialization;

namespace QwenApi.Extensions.AI;

/// <summary>The <c>search_options</c> object of a Qwen request (web search). Properties left <see langword="null"/> are not sent.</summary>
public sealed class QwenSearchOptions
{
    /// <summary>Gets or sets <c>forced_search</c>: search on every request rather than when the model decides to.</summary>
    [JsonPropertyName("forced_search")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ForcedSearch { get; set; }

    /// <summary>Gets or sets <c>search_strategy</c>, for example <c>"turbo"</c>, <c>"max"</c> or <c>"agent"</c>.</summary>
    [JsonPropertyName("search_strategy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SearchStrategy { get; set; }

    /// <summary>Gets or sets <c>enable_source</c>: return the sources searched.</summary>
    [JsonPropertyName("enable_source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EnableSource { get; set; }

    /// <summary>Gets or sets <c>enable_citation</c>: mark citations in the answer.</summary>
    [JsonPropertyName("enable_citation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EnableCitation { get; set; }

    /// <summary>Gets or sets further <c>search_options</c> fields, written as they are (JSON-serialisable values).</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <summary>Creates a copy: the values, and a new <see cref="AdditionalProperties"/> dictionary holding the same entries.</summary>
    /// <returns>The copy.</returns>
    public QwenSearchOptions Clone() => new()
    {
        ForcedSearch = ForcedSearch,
        SearchStrategy = SearchStrategy,
        EnableSource = EnableSource,
        EnableCitation = EnableCitation,
        AdditionalProperties = AdditionalProperties is null ? null : new Dictionary<string, object?>(AdditionalProperties),
    };
}
