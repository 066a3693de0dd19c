using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Sits below Semantic Kernel's function-invoking client and turns each request's options into a
/// <see cref="QwenChatOptions"/>: the standard values (tools, tool mode, sampling) come from the options it receives,
/// the Qwen-only values from the execution settings of the call (<see cref="SettingsChatOptions.ToQwenChatOptions"/>). Semantic Kernel's layer needs its own options type
/// (it carries the kernel for the filters), so the Qwen type can only be built here, one layer further down.
/// </summary>
internal sealed class QwenOptionsChatClient(IChatClient innerClient, QwenPromptExecutionSettings settings) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, SettingsChatOptions.ToQwenChatOptions(settings, options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, SettingsChatOptions.ToQwenChatOptions(settings, options), cancellationToken);

    // Disposal belongs to the service that owns the real client; this per-call layer owns nothing.
    protected override void Dispose(bool disposing)
    {
    }
}
