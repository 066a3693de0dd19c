using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The <c>content</c> of a user or system message: a plain string when it is text alone (a system message is always
/// text), else an array of <c>text</c> and <c>image_url</c> parts, in the message's order.
/// </summary>
internal static class UserContentWriter
{
    public static void Write(Utf8JsonWriter writer, ChatMessage message, string role)
    {
        IList<AIContent> contents = message.Contents;
        int texts = 0, images = 0;
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            if (content is TextContent)
            {
                texts++;
            }
            else if (MessageWriter.IsSendable(content, role))
            {
                images++;
            }
        }

        if (images == 0 && (texts <= 1 || role == "system"))
        {
            writer.WriteString("content"u8, message.Text);
            return;
        }

        writer.WriteStartArray("content"u8);
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            if (!MessageWriter.IsSendable(content, role))
            {
                continue;
            }

            switch (content)
            {
                case TextContent text:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, text.Text);
                    writer.WriteEndObject();
                    break;
                case DataContent data:
                    WriteImagePart(writer, data.Uri);
                    break;
                case UriContent uri:
                    WriteImagePart(writer, uri.Uri.AbsoluteUri);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteImagePart(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image_url"u8);
        writer.WriteStartObject("image_url"u8);
        writer.WriteString("url"u8, url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
