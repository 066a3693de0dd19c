using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>Writes the body of one embeddings request (<c>POST {endpoint}/embeddings</c>, docs/embeddings-protocol.md).</summary>
internal static class EmbeddingRequestWriter
{
    private static readonly JsonWriterOptions s_writerOptions = JsonValueWriter.RelaxedOptions with { SkipValidation = true };

    /// <summary>
    /// Checks <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> before anything is sent: each entry becomes a
    /// top-level field (replacing <c>dimensions</c> when it names it), except the ones the client writes itself.
    /// </summary>
    public static void Validate(AdditionalPropertiesDictionary? additional)
    {
        if (additional is null)
        {
            return;
        }

        foreach (string key in additional.Keys)
        {
            if (string.IsNullOrEmpty(key))
            {
                Throw.ArgumentException("options", "EmbeddingGenerationOptions.AdditionalProperties has an empty key; every entry becomes a top-level request field and needs a name.");
            }

            // encoding_format is reserved: the generator owns it, to fall back from base64 to float when a server refuses base64.
            if (key is "model" or "input" or "encoding_format")
            {
                Throw.ArgumentException("options", $"EmbeddingGenerationOptions.AdditionalProperties sets \"{key}\", which the client writes itself: use EmbeddingGenerationOptions.ModelId for the model, the values argument for the input and QwenClientOptions.EmbeddingEncoding for the encoding.");
            }
        }
    }

    /// <summary>The body for <paramref name="count"/> inputs from <paramref name="start"/>, as an array the batch owns (read by every attempt).</summary>
    public static byte[] Write(string model, string[] inputs, int start, int count, int? dimensions, bool base64, AdditionalPropertiesDictionary? additional)
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
            if (dimensions is { } d && additional?.ContainsKey("dimensions") != true)
            {
                writer.WriteNumber("dimensions"u8, d);
            }

            // Always explicit: OpenAI's default is base64, while Qwen documents only float.
            writer.WriteString("encoding_format"u8, base64 ? "base64"u8 : "float"u8);
            if (additional is not null)
            {
                foreach (KeyValuePair<string, object?> field in additional)
                {
                    writer.WritePropertyName(field.Key);
                    JsonValueWriter.Write(writer, field.Value, $"EmbeddingGenerationOptions.AdditionalProperties[\"{field.Key}\"]");
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
