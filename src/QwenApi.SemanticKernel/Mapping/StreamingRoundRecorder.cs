using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using MeaiFunctionCall = Microsoft.Extensions.AI.FunctionCallContent;
using MeaiFunctionResult = Microsoft.Extensions.AI.FunctionResultContent;
using MeaiText = Microsoft.Extensions.AI.TextContent;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Collects one streamed model round (reasoning, text, calls) and writes it to the <see cref="ChatHistory"/> once its
/// function results arrive, as Semantic Kernel's other connectors do when they invoke functions automatically.
/// </summary>
internal sealed class StreamingRoundRecorder(FunctionNames names)
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
