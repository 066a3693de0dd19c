using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Writes one chat-completions request body straight to UTF-8. Precedence of a top-level field, highest first: the
/// object returned by <see cref="ChatOptions.RawRepresentationFactory"/>, then <see cref="ChatOptions.AdditionalProperties"/>
/// (where the typed <see cref="QwenChatOptions"/> properties live), then the standard <see cref="ChatOptions"/> mapping.
/// No field is written twice.
/// </summary>
internal static class ChatRequestWriter
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream, IChatClient client, ILogger logger)
    {
        PassThroughFields fields = PassThroughFields.Create(options, client);

        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WritePropertyName("messages"u8);
        MessageWriter.Write(writer, messages, options?.Instructions, logger);

        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
            if (!fields.Contains("stream_options"))
            {
                // Always ask for the final usage chunk: without it a stream reports no token counts.
                writer.WriteStartObject("stream_options"u8);
                writer.WriteBoolean("include_usage"u8, true);
                writer.WriteEndObject();
            }
        }

        if (options is not null)
        {
            StandardOptionsWriter.Write(writer, options, fields);
            HostedTools hosted = ToolsWriter.Write(writer, options, fields);
            QwenOptionsWriter.WriteDerived(writer, options, hosted, fields);
        }

        fields.WriteTo(writer);
        writer.WriteEndObject();
    }
}
