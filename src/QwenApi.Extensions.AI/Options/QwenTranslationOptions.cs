using System.Text.Json.Serialization;

namespace QwenApi.Extensions.AI;

/// <summary>The <c>translation_options</c> object used by Qwen-MT models. Properties left <see langword="null"/> are not sent.</summary>
public sealed class QwenTranslationOptions
{
    /// <summary>Gets or sets <c>source_lang</c>, for example <c>"auto"</c> or <c>"English"</c>.</summary>
    [JsonPropertyName("source_lang")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceLang { get; set; }

    /// <summary>Gets or sets <c>target_lang</c>, for example <c>"Chinese"</c>.</summary>
    [JsonPropertyName("target_lang")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetLang { get; set; }

    /// <summary>Gets or sets <c>domains</c>: a description of the text's domain and style.</summary>
    [JsonPropertyName("domains")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Domains { get; set; }

    /// <summary>Gets or sets further <c>translation_options</c> fields (for example <c>terms</c>), written as they are.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <summary>Creates a copy: the values, and a new <see cref="AdditionalProperties"/> dictionary holding the same entries.</summary>
    /// <returns>The copy.</returns>
    public QwenTranslationOptions Clone() => new()
    {
        SourceLang = SourceLang,
        TargetLang = TargetLang,
        Domains = Domains,
        AdditionalProperties = AdditionalProperties is null ? null : new Dictionary<string, object?>(AdditionalProperties),
    };
}
