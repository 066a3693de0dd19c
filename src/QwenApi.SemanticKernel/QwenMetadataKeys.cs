namespace QwenApi.SemanticKernel;

/// <summary>
/// Keys of the <c>Metadata</c> that <see cref="QwenChatCompletionService"/> puts on the <c>ChatMessageContent</c> and
/// <c>StreamingChatMessageContent</c> it returns. Reasoning is not metadata: it is a <c>ReasoningContent</c> item
/// (<c>StreamingReasoningContent</c> when streaming) in <c>Items</c>.
/// </summary>
public static class QwenMetadataKeys
{
    /// <summary>The response id (<c>chatcmpl-…</c>), a <see cref="string"/>.</summary>
    public const string Id = "Id";

    /// <summary>When the response was created, a <see cref="DateTimeOffset"/>.</summary>
    public const string CreatedAt = "CreatedAt";

    /// <summary>
    /// Why the model stopped, a <see cref="string"/>: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>,
    /// or any other value Qwen sends. When streaming it is on the update that carries it.
    /// </summary>
    public const string FinishReason = "FinishReason";

    /// <summary>
    /// Token counts, a <see cref="Microsoft.Extensions.AI.UsageDetails"/> (input, output, total, cached input and reasoning
    /// tokens), the same key and type Semantic Kernel's own Microsoft.Extensions.AI bridge uses. With automatic function
    /// invocation it is the sum over every request of the call. When streaming it is on the update that ends each
    /// request (so once per model round when functions are invoked automatically).
    /// </summary>
    public const string Usage = "Usage";
}
