using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using QwenApi.Extensions.AI;
using MeaiFunctionCall = Microsoft.Extensions.AI.FunctionCallContent;
using MeaiFunctionResult = Microsoft.Extensions.AI.FunctionResultContent;
using MeaiText = Microsoft.Extensions.AI.TextContent;

namespace QwenApi.SemanticKernel;

/// <content>Streaming.</content>
public sealed partial class QwenChatCompletionService
{
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
        var round = new RoundRecorder(names);
        int callIndex = 0;
        await foreach (ChatResponseUpdate update in pipeline.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            round.Observe(update, chatHistory);
            yield return StreamingMapper.ToStreamingContent(update, names, ref callIndex);
        }
    }

    /// <summary>Collects one model round (reasoning, text, calls) and writes it to the history once its results arrive.</summary>
    private sealed class RoundRecorder(FunctionNames names)
    {
        private readonly StringBuilder _reasoning = new();
        private readonly StringBuilder _text = new();
        private readonly List<MeaiFunctionCall> _calls = [];
        private string? _modelId;

        public void Observe(ChatResponseUpdate update, ChatHistory history)
        {
            if (update.Role == ChatRole.Tool)
            {
                Flush(history);
                foreach (MeaiFunctionResult result in update.Contents.OfType<MeaiFunctionResult>())
                {
                    var message = new ChatMessage(ChatRole.Tool, [result]);
                    history.Add(ResponseMapper.ToContent(message, new ChatResponse(message) { ModelId = _modelId }, names, isFinal: false));
                }

                return;
            }

            _modelId ??= update.ModelId;
            foreach (AIContent content in update.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent reasoning:
                        _reasoning.Append(reasoning.Text);
                        break;
                    case MeaiText text:
                        _text.Append(text.Text);
                        break;
                    case MeaiFunctionCall call:
                        _calls.Add(call);
                        break;
                }
            }
        }

        private void Flush(ChatHistory history)
        {
            if (_calls.Count == 0)
            {
                return;
            }

            var contents = new List<AIContent>();
            if (_reasoning.Length > 0)
            {
                contents.Add(new TextReasoningContent(_reasoning.ToString()));
            }

            if (_text.Length > 0)
            {
                contents.Add(new MeaiText(_text.ToString()));
            }

            contents.AddRange(_calls);
            var message = new ChatMessage(ChatRole.Assistant, contents);
            history.Add(ResponseMapper.ToContent(message, new ChatResponse(message) { ModelId = _modelId }, names, isFinal: false));
            _reasoning.Clear();
            _text.Clear();
            _calls.Clear();
        }
    }
}
