using System.Buffers.Binary;

namespace QwenApi.Testing;

/// <summary>
/// Writes an embeddings answer in the field order of Qwen's sample: <c>{"data":[{"embedding","index","object"}],"model",
/// "object":"list","usage":{"prompt_tokens","total_tokens"},"id"}</c>.
/// </summary>
internal static class EmbeddingJsonWriter
{
    /// <param name="id">The <c>id</c> (Qwen sends its request id).</param>
    /// <param name="model">The model echoed.</param>
    /// <param name="items">The vectors with their input positions, in the order to send them.</param>
    /// <param name="base64">Whether to send each vector as base64 of its little-endian float32 values instead of numbers.</param>
    /// <param name="promptTokens">The tokens of all inputs.</param>
    public static byte[] Write(string id, string model, IReadOnlyList<KeyValuePair<int, float[]>> items, bool base64, int promptTokens) => JsonBytes.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach ((int index, float[] vector) in items)
        {
            writer.WriteStartObject();
            if (base64)
            {
                byte[] bytes = new byte[vector.Length * sizeof(float)];
                for (int i = 0; i < vector.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
                }

                writer.WriteBase64String("embedding", bytes);
            }
            else
            {
                writer.WriteStartArray("embedding");
                foreach (float value in vector)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("index", index);
            writer.WriteString("object", "embedding");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", model);
        writer.WriteString("object", "list");
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", promptTokens);
        writer.WriteNumber("total_tokens", promptTokens);
        writer.WriteEndObject();
        writer.WriteString("id", id);
        writer.WriteEndObject();
    });
}
