using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Sits below Semantic Kernel's function-invoking client and turns each request's options into a
/// <see cref="QwenChatOptions"/>: the standard values (tools, tool mode, sampling) come from the options it receives,
/// the Qwen-only values from the execution settings of the call. Semantic Kernel's layer needs its own options type
/// (it carries the kernel for the filters), so the Qwen type can only be built here, one layer further down.
/// </summary>
internal sealed class QwenOptionsChatClient(IChatClient innerClient, QwenChatOptions qwenOptions) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Merge(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Merge(options), cancellationToken);

    // Disposal belongs to the service that owns the real client; this per-call layer owns nothing.
    protected override void Dispose(bool disposing)
    {
    }

    private QwenChatOptions Merge(ChatOptions? options)
    {
        var merged = (QwenChatOptions)qwenOptions.Clone();
        if (options is not null)
        {
            OptionsCopy.CopyStandard(options, merged);
        }

        return merged;
    }
}
