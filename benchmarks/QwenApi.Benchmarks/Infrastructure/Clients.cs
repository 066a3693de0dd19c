using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using QwenApi.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>The three contestants, built as a user would build them, pointed at one payload of the server.</summary>
public static class Clients
{
    public const string ApiKey = "sk-bench-0000000000000000000000000000";
    public const string Model = "qwen3-max";

    /// <summary>The conversation every call sends.</summary>
    public static IReadOnlyList<ChatMessage> Messages { get; } =
    [
        new(ChatRole.System, "You are a helpful assistant."),
        new(ChatRole.User, "Invent a holiday and describe its traditions."),
    ];

    public static IChatClient Qwen(Uri endpoint) =>
        new QwenChatClient(new QwenClientOptions { ApiKey = ApiKey, Endpoint = endpoint, ModelId = Model });

    public static IChatClient OpenAI(Uri endpoint) =>
        new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential(ApiKey), new OpenAIClientOptions { Endpoint = endpoint }).AsIChatClient();

    /// <summary>QwenChatClient over a supplied handler (the in-memory benchmarks).</summary>
    public static IChatClient Qwen(Uri endpoint, HttpMessageHandler handler) =>
        new QwenChatClient(new QwenClientOptions { ApiKey = ApiKey, Endpoint = endpoint, ModelId = Model }, new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>OpenAIChatClient over a supplied handler, through its own pipeline transport.</summary>
    public static IChatClient OpenAI(Uri endpoint, HttpMessageHandler handler) =>
        new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential(ApiKey), new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }),
        }).AsIChatClient();

    /// <summary>Consumes a stream as a user would: every update, touching its text. Returns the text length seen.</summary>
    public static async Task<long> ConsumeAsync(IChatClient client)
    {
        long length = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Messages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    public static async Task<long> ConsumeAsync(FloorClient client)
    {
        long length = 0;
        await foreach (string text in client.StreamAsync())
        {
            length += text.Length;
        }

        return length;
    }

    public static async Task<long> GetAsync(IChatClient client) =>
        (await client.GetResponseAsync(Messages)).Text.Length;

    public static async Task<long> GetAsync(FloorClient client) =>
        (await client.GetTextAsync())?.Length ?? 0;
}
