using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>Writes the body of one embeddings request (<c>POST {endpoint}/embeddings</c>, docs/embeddings-protocol.md).</summary>
internal static class EmbeddingRequestWriter
{
    private static readonly JsonWriterOptions s_writerOptions = JsonValueWriter.RelaxedOptions with { SkipValidation = true };

    /// <summary>The body for <paramref name="count"/> inputs from <paramref name="start"/>, as an array the batch owns (read by every attempt).</summary>
    public static byte[] Write(string model, string[] inputs, int start, int count, int? dimensions, bool base64, PassThroughFields fields)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteStartArray("input"u8);
            for (int i = start; i < start + count; i++)
            {
                writer.WriteStringValue(inputs[i]);
            }

            writer.WriteEndArray();
            if (dimensions is { } d && !fields.Contains("dimensions"))
            {
                writer.WriteNumber("dimensions"u8, d);
            }

            // Always explicit: OpenAI's default is base64, while Qwen documents only float.
            writer.WriteString("encoding_format"u8, base64 ? "base64"u8 : "float"u8);
            fields.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
