using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// A Semantic Kernel <see cref="IChatCompletionService"/> for Qwen, built on an <see cref="IChatClient"/> (normally a
/// <see cref="QwenChatClient"/>). Nothing Qwen returns is lost on the way into Semantic Kernel: reasoning arrives as
/// <see cref="ReasoningContent"/> (<see cref="StreamingReasoningContent"/> when streaming), and the finish reason and
/// usage in <c>Metadata</c> under <see cref="QwenMetadataKeys"/>.
/// </summary>
/// <remarks>
/// <para>
/// Why not Semantic Kernel's <c>AsChatCompletionService()</c>: that bridge drops reasoning and the finish reason, reports
/// a call's qualified tool name (<c>Plugin_Function</c>) as the function name so <c>FunctionCallContent.InvokeAsync</c>
/// cannot find it, and does not send reasoning in the history back. This service does its own conversions and uses
/// Semantic Kernel's public pieces for the rest: <c>PromptExecutionSettings.ToChatOptions</c> (function choice and tools)
/// and <c>UseKernelFunctionInvocation</c> (automatic invocation with <see cref="IAutoFunctionInvocationFilter"/>s).
/// </para>
/// <para>
/// With <see cref="FunctionChoiceBehavior.Auto(IEnumerable{KernelFunction}?, bool, FunctionChoiceBehaviorOptions?)"/>
/// the kernel's functions are invoked and the tool-call and tool-result messages are added to the <see cref="ChatHistory"/>;
/// with <c>autoInvoke: false</c> the calls are returned to the caller (non-streaming: as the returned message; streaming:
/// as <see cref="StreamingFunctionCallUpdateContent"/> items that <see cref="FunctionCallContentBuilder"/> assembles).
/// </para>
/// <para>The client must not invoke functions itself (no <c>UseFunctionInvocation()</c>): this service does, with the kernel.</para>
/// </remarks>
public sealed class QwenChatCompletionService : IChatCompletionService, IDisposable
{
    private readonly IChatClient _client;
    private readonly bool _ownsClient;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IServiceProvider? _services;
    private readonly Dictionary<string, object?> _attributes = [];

    /// <summary>Initializes a new instance of the <see cref="QwenChatCompletionService"/> class for a model, key and endpoint.</summary>
    /// <param name="modelId">The model, for example <see cref="QwenModels.QwenPlus"/>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="endpoint">The endpoint; <see langword="null"/> for <see cref="QwenClientOptions.DefaultEndpoint"/>.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <param name="loggerFactory">The logger factory for the client's retries and for function invocation.</param>
    /// <exception cref="ArgumentException">The key, model or endpoint is invalid (the message never contains the key).</exception>
    public QwenChatCompletionService(string modelId, string apiKey, Uri? endpoint = null, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(new QwenClientOptions { ModelId = RequireModel(modelId), ApiKey = apiKey, Endpoint = endpoint ?? QwenClientOptions.DefaultEndpoint }, httpClient, loggerFactory)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenChatCompletionService"/> class from client options.</summary>
    /// <param name="options">The client settings; copied. Its <see cref="QwenClientOptions.LoggerFactory"/> defaults to <paramref name="loggerFactory"/>.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with (not disposed), or <see langword="null"/> for the client's own.</param>
    /// <param name="loggerFactory">The logger factory for the client's retries and for function invocation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QwenChatCompletionService(QwenClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(CreateClient(options, httpClient, loggerFactory), ownsClient: true, loggerFactory, services: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QwenChatCompletionService"/> class over an existing chat client.</summary>
    /// <param name="chatClient">The client, normally a <see cref="QwenChatClient"/> (possibly with logging or telemetry middleware). It is not disposed.</param>
    /// <param name="loggerFactory">The logger factory for function invocation.</param>
    /// <param name="serviceProvider">Services made available to invoked functions through their <see cref="KernelArguments"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="chatClient"/> already invokes functions (it contains a <see cref="FunctionInvokingChatClient"/>).</exception>
    public QwenChatCompletionService(IChatClient chatClient, ILoggerFactory? loggerFactory = null, IServiceProvider? serviceProvider = null)
        : this(chatClient, ownsClient: false, loggerFactory, serviceProvider)
    {
    }

    private QwenChatCompletionService(IChatClient chatClient, bool ownsClient, ILoggerFactory? loggerFactory, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        if (chatClient.GetService<FunctionInvokingChatClient>() is not null)
        {
            throw new ArgumentException(
                "The chat client already invokes functions (UseFunctionInvocation): it would call kernel functions without Semantic Kernel's filters and ignore autoInvoke: false. Pass the client without that layer; QwenChatCompletionService invokes functions itself.",
                nameof(chatClient));
        }

        _client = chatClient;
        _ownsClient = ownsClient;
        _loggerFactory = loggerFactory;
        _services = services;
        if (chatClient.GetService<ChatClientMetadata>() is { } metadata)
        {
            _attributes[AIServiceExtensions.ModelIdKey] = metadata.DefaultModelId;
            _attributes[AIServiceExtensions.EndpointKey] = metadata.ProviderUri?.ToString();
        }
    }

    /// <inheritdoc />
    /// <remarks>Holds <see cref="AIServiceExtensions.ModelIdKey"/> and <see cref="AIServiceExtensions.EndpointKey"/>, used by Semantic Kernel's service selection.</remarks>
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="chatHistory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="QwenApiException">The call failed; see the derived types.</exception>
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(executionSettings);
        ChatOptions options = SettingsChatOptions.ToChatOptions(settings, kernel);
        var names = new FunctionNames(options.Tools);

        ChatResponse response = await CreatePipeline(settings)
            .GetResponseAsync(ChatHistoryMapper.ToChatMessages(chatHistory), options, cancellationToken)
            .ConfigureAwait(false);
        if (response.Messages.Count == 0)
        {
            return [];
        }

        // As Semantic Kernel's connectors do: the intermediate tool-call and tool-result messages go into the history,
        // the final message is returned for the caller to add.
        for (int i = 0; i < response.Messages.Count - 1; i++)
        {
            chatHistory.Add(ResponseMapper.ToContent(response.Messages[i], response, names, isFinal: false));
        }

        return [ResponseMapper.ToContent(response.Messages[^1], response, names, isFinal: true)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Arguments and settings are checked before this method returns. With automatic function invocation each round that
    /// ended in calls is added to the history as an assistant message (with its reasoning and text) followed by one tool
    /// message per result; the final answer is not added, as with Semantic Kernel's other connectors.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="chatHistory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        QwenPromptExecutionSettings settings = QwenPromptExecutionSettings.FromExecutionSettings(executionSettings);
        ChatOptions options = SettingsChatOptions.ToChatOptions(settings, kernel);
        List<ChatMessage> messages = ChatHistoryMapper.ToChatMessages(chatHistory);
        return StreamCoreAsync(chatHistory, messages, options, CreatePipeline(settings), cancellationToken);
    }

    private static async IAsyncEnumerable<StreamingChatMessageContent> StreamCoreAsync(
        ChatHistory chatHistory, List<ChatMessage> messages, ChatOptions options, IChatClient pipeline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new FunctionNames(options.Tools);
        var round = new StreamingRoundRecorder(names);
        int callIndex = 0;
        await foreach (ChatResponseUpdate update in pipeline.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            round.Observe(update, chatHistory);
            yield return StreamingMapper.ToStreamingContent(update, names, ref callIndex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    // Built per call because the Qwen-only values of this call must reach the layer below function invocation; the
    // layers are small objects and the real client (and its connections) is shared.
    private IChatClient CreatePipeline(QwenPromptExecutionSettings settings) =>
        new ChatClientBuilder(new QwenOptionsChatClient(_client, settings))
            .UseKernelFunctionInvocation(_loggerFactory)
            .Build(_services);

    /// <summary>Creates the client the service (or <c>AddQwenChatClient</c>) owns: the options are copied and take <paramref name="loggerFactory"/> unless they name one.</summary>
    internal static QwenChatClient CreateClient(QwenClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        QwenClientOptions copy = options.Clone();
        copy.LoggerFactory ??= loggerFactory;
        return httpClient is null ? new QwenChatClient(copy) : new QwenChatClient(copy, httpClient);
    }

    private static string RequireModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return modelId;
    }
}
