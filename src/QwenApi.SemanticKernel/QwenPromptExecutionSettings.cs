using System.Collections.ObjectModel;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Semantic Kernel execution settings for Qwen: the standard sampling knobs plus Qwen's own (thinking on/off and budget,
/// web search, top-k, repetition penalty, …). JSON names are snake_case as in Semantic Kernel's other connectors, so the
/// settings can come from prompt templates, YAML or JSON configuration; each property left <see langword="null"/> is not sent.
/// </summary>
/// <remarks>
/// <para>
/// The settings are turned into a <see cref="QwenChatOptions"/> and <see cref="QwenChatClient"/> writes the request, so
/// both packages accept and validate the same values. Entries of <see cref="PromptExecutionSettings.ExtensionData"/> that
/// match no property are sent as top-level request fields, which is how a field Qwen adds later can be used at once.
/// </para>
/// <para>Plain <see cref="PromptExecutionSettings"/> work too: see <see cref="FromExecutionSettings"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var settings = new QwenPromptExecutionSettings
/// {
///     EnableThinking = true,
///     ThinkingBudget = 2048,
///     FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
/// };
/// </code>
/// </example>
public sealed class QwenPromptExecutionSettings : PromptExecutionSettings
{
    private double? _temperature;
    private double? _topP;
    private int? _topK;
    private int? _maxTokens;
    private long? _seed;
    private double? _presencePenalty;
    private double? _frequencyPenalty;
    private IList<string>? _stopSequences;
    private object? _responseFormat;
    private string? _chatSystemPrompt;
    private bool? _enableThinking;
    private int? _thinkingBudget;
    private bool? _preserveThinking;
    private int? _maxCompletionTokens;
    private bool? _enableSearch;
    private QwenSearchOptions? _searchOptions;
    private double? _repetitionPenalty;
    private bool? _vlHighResolutionImages;
    private bool? _enableCodeInterpreter;
    private QwenTranslationOptions? _translationOptions;

    /// <summary>Gets or sets <c>temperature</c>, between 0 and 2: higher is more random.</summary>
    /// <remarks>A <see langword="double"/> as in Semantic Kernel's OpenAI settings; sent with <see langword="float"/> precision (<see cref="ChatOptions.Temperature"/>).</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("temperature")]
    public double? Temperature { get => _temperature; set => Set(ref _temperature, value); }

    /// <summary>Gets or sets <c>top_p</c>, greater than 0 and at most 1: nucleus sampling.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("top_p")]
    public double? TopP { get => _topP; set => Set(ref _topP, value); }

    /// <summary>Gets or sets <c>top_k</c> (Qwen): sample from the k most likely tokens. Must be positive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("top_k")]
    public int? TopK { get => _topK; set => Set(ref _topK, value); }

    /// <summary>Gets or sets <c>max_tokens</c>: a cap on the answer (not on the reasoning; see <see cref="MaxCompletionTokens"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get => _maxTokens; set => Set(ref _maxTokens, value); }

    /// <summary>Gets or sets <c>seed</c>, between 0 and 2^31-1, for more repeatable answers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("seed")]
    public long? Seed { get => _seed; set => Set(ref _seed, value); }

    /// <summary>Gets or sets <c>presence_penalty</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get => _presencePenalty; set => Set(ref _presencePenalty, value); }

    /// <summary>Gets or sets <c>frequency_penalty</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get => _frequencyPenalty; set => Set(ref _frequencyPenalty, value); }

    /// <summary>Gets or sets the stop sequences (<c>stop_sequences</c>, sent as <c>stop</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("stop_sequences")]
    public IList<string>? StopSequences { get => _stopSequences; set => Set(ref _stopSequences, value); }

    /// <summary>
    /// Gets or sets <c>response_format</c>, in any form Semantic Kernel's OpenAI settings accept: <c>typeof(T)</c> (a
    /// <c>json_schema</c> built from <c>T</c>), <c>"json_object"</c> or <c>"text"</c>, a <see cref="ChatResponseFormat"/>,
    /// or a JSON schema as a <see cref="System.Text.Json.JsonElement"/>, <see cref="System.Text.Json.Nodes.JsonNode"/> or
    /// JSON text, bare or wrapped OpenAI-style (<c>{"type":"json_schema","json_schema":{"name":…,"schema":{…}}}</c>).
    /// </summary>
    /// <remarks>
    /// The value is checked when a request is built: another type, or an unknown string, throws <see cref="ArgumentException"/>
    /// then. In JSON a string reads back as a string and an object as a <see cref="System.Text.Json.JsonElement"/>; a type
    /// or a <see cref="ChatResponseFormat"/> is written in OpenAI's wire shape. Qwen rejects a JSON response format in
    /// thinking mode, and <c>json_object</c> needs the word "json" in the prompt.
    /// </remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("response_format")]
    [JsonConverter(typeof(ResponseFormatJsonConverter))]
    public object? ResponseFormat { get => _responseFormat; set => Set(ref _responseFormat, value); }

    /// <summary>Gets or sets <c>chat_system_prompt</c>: instructions sent as a system message before the history.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("chat_system_prompt")]
    public string? ChatSystemPrompt { get => _chatSystemPrompt; set => Set(ref _chatSystemPrompt, value); }

    /// <summary>Gets or sets <c>enable_thinking</c> (Qwen): whether the model reasons before answering.</summary>
    /// <remarks>Some models think only when streamed: non-streaming calls to them must set this to <see langword="false"/>.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("enable_thinking")]
    public bool? EnableThinking { get => _enableThinking; set => Set(ref _enableThinking, value); }

    /// <summary>Gets or sets <c>thinking_budget</c> (Qwen): the most tokens the reasoning may use. Must be positive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("thinking_budget")]
    public int? ThinkingBudget { get => _thinkingBudget; set => Set(ref _thinkingBudget, value); }

    /// <summary>Gets or sets <c>preserve_thinking</c> (Qwen): whether reasoning kept in the history is sent back and used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("preserve_thinking")]
    public bool? PreserveThinking { get => _preserveThinking; set => Set(ref _preserveThinking, value); }

    /// <summary>Gets or sets <c>max_completion_tokens</c> (Qwen, newer models): a cap on reasoning plus answer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("max_completion_tokens")]
    public int? MaxCompletionTokens { get => _maxCompletionTokens; set => Set(ref _maxCompletionTokens, value); }

    /// <summary>Gets or sets <c>enable_search</c> (Qwen): whether the model may search the web.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("enable_search")]
    public bool? EnableSearch { get => _enableSearch; set => Set(ref _enableSearch, value); }

    /// <summary>Gets or sets <c>search_options</c> (Qwen), used with <see cref="EnableSearch"/>; JSON names are snake_case (<c>forced_search</c>, …).</summary>
    /// <remarks><see cref="Freeze"/> cannot make this object read-only: do not change it after freezing.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("search_options")]
    [JsonConverter(typeof(SnakeCaseJsonConverter<QwenSearchOptions>))]
    public QwenSearchOptions? SearchOptions { get => _searchOptions; set => Set(ref _searchOptions, value); }

    /// <summary>Gets or sets <c>repetition_penalty</c> (Qwen): values above 1 discourage repetition. Must be positive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("repetition_penalty")]
    public double? RepetitionPenalty { get => _repetitionPenalty; set => Set(ref _repetitionPenalty, value); }

    /// <summary>Gets or sets <c>vl_high_resolution_images</c> (Qwen vision models).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("vl_high_resolution_images")]
    public bool? VlHighResolutionImages { get => _vlHighResolutionImages; set => Set(ref _vlHighResolutionImages, value); }

    /// <summary>Gets or sets <c>enable_code_interpreter</c> (Qwen).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("enable_code_interpreter")]
    public bool? EnableCodeInterpreter { get => _enableCodeInterpreter; set => Set(ref _enableCodeInterpreter, value); }

    /// <summary>Gets or sets <c>translation_options</c> (Qwen-MT models); JSON names are snake_case (<c>source_lang</c>, …).</summary>
    /// <remarks><see cref="Freeze"/> cannot make this object read-only: do not change it after freezing.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("translation_options")]
    [JsonConverter(typeof(SnakeCaseJsonConverter<QwenTranslationOptions>))]
    public QwenTranslationOptions? TranslationOptions { get => _translationOptions; set => Set(ref _translationOptions, value); }

    /// <inheritdoc />
    public override void Freeze()
    {
        if (IsFrozen)
        {
            return;
        }

        base.Freeze();
        if (_stopSequences is not null)
        {
            _stopSequences = new ReadOnlyCollection<string>([.. _stopSequences]);
        }
    }

    /// <inheritdoc />
    /// <remarks>The copy is not frozen; lists and the search and translation options are copied, not shared.</remarks>
    public override PromptExecutionSettings Clone() => new QwenPromptExecutionSettings
    {
        ModelId = ModelId,
        ServiceId = ServiceId,
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MaxTokens = MaxTokens,
        Seed = Seed,
        PresencePenalty = PresencePenalty,
        FrequencyPenalty = FrequencyPenalty,
        StopSequences = StopSequences is null ? null : [.. StopSequences],
        ResponseFormat = ResponseFormat,
        ChatSystemPrompt = ChatSystemPrompt,
        EnableThinking = EnableThinking,
        ThinkingBudget = ThinkingBudget,
        PreserveThinking = PreserveThinking,
        MaxCompletionTokens = MaxCompletionTokens,
        EnableSearch = EnableSearch,
        SearchOptions = SearchOptions?.Clone(),
        RepetitionPenalty = RepetitionPenalty,
        VlHighResolutionImages = VlHighResolutionImages,
        EnableCodeInterpreter = EnableCodeInterpreter,
        TranslationOptions = TranslationOptions?.Clone(),
    };

    /// <summary>
    /// Gets Qwen settings from any execution settings: the same instance when it already is a
    /// <see cref="QwenPromptExecutionSettings"/>, default settings for <see langword="null"/>, otherwise a new instance.
    /// </summary>
    /// <param name="executionSettings">
    /// The settings: a plain <see cref="PromptExecutionSettings"/> loaded from a prompt template, or another connector's
    /// settings type such as Semantic Kernel's <c>OpenAIPromptExecutionSettings</c>.
    /// </param>
    /// <returns>The Qwen settings.</returns>
    /// <remarks>
    /// <para>
    /// Another connector's settings type is read through its own JSON contract (its public properties under their JSON
    /// names, plus <see cref="PromptExecutionSettings.ExtensionData"/>), as Semantic Kernel's own conversion does, except
    /// that a <see cref="Type"/> or <see cref="ChatResponseFormat"/> in <c>response_format</c> is kept rather than failing
    /// or being mangled. OpenAI-only settings with no Qwen meaning (<c>token_selection_biases</c>, <c>store</c>,
    /// <c>metadata</c>, <c>modalities</c>, <c>audio</c>, <c>web_search_options</c>, the legacy <c>ToolCallBehavior</c>) are
    /// not sent. Where reflection-based JSON is disabled (NativeAOT), only the base properties and
    /// <see cref="PromptExecutionSettings.ExtensionData"/> of such a type are read.
    /// </para>
    /// <para>
    /// Then, as for plain settings: the standard values (<c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>max_tokens</c>,
    /// <c>seed</c>, penalties, <c>stop_sequences</c>, <c>chat_system_prompt</c>) are read as Semantic Kernel reads them,
    /// <c>response_format</c> in every form <see cref="ResponseFormat"/> accepts, entries named like a Qwen property
    /// (<c>enable_thinking</c>, <c>thinking_budget</c>, <c>search_options</c>, …) set that property, the entries of an
    /// <c>extra_body</c> object are read as if they were top-level (as OpenAI's <c>ExtraBody</c> and Python's
    /// <c>extra_body</c> mean), and every other entry stays in <see cref="PromptExecutionSettings.ExtensionData"/>, sent as
    /// a top-level request field. The model id, service id and function choice behavior are kept.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">An entry named like a Qwen property has a value of the wrong type, or the settings cannot be read; the message names the setting.</exception>
    public static QwenPromptExecutionSettings FromExecutionSettings(PromptExecutionSettings? executionSettings) => executionSettings switch
    {
        null => new QwenPromptExecutionSettings(),
        QwenPromptExecutionSettings qwen => qwen,
        _ => ExecutionSettingsReader.Read(executionSettings),
    };

    /// <summary>
    /// Completes the options Semantic Kernel's <c>ToChatOptions</c> built from these settings: the path taken when a
    /// kernel calls an <see cref="IChatClient"/> (<c>AddQwenChatClient</c>) rather than <see cref="QwenChatCompletionService"/>.
    /// </summary>
    /// <param name="options">The options built so far.</param>
    /// <remarks>
    /// Semantic Kernel gets there by round-tripping these settings through JSON, which keeps every value but loses their
    /// types; this puts back the typed standard values and the response format, and writes each Qwen-only value into
    /// <see cref="ChatOptions.AdditionalProperties"/> under its wire name, where <see cref="QwenChatClient"/> sends it as a top-level field.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="ResponseFormat"/> holds an unsupported value.</exception>
    protected override void PrepareChatOptionsForRequest(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.PrepareChatOptionsForRequest(options);
        SettingsChatOptions.CompleteForChatClient(this, options);
    }

    private void Set<T>(ref T field, T value)
    {
        ThrowIfFrozen();
        field = value;
    }
}
