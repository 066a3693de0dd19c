using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads one <c>embedding</c> value into a <see cref="float"/>[]: an array of numbers (<see cref="JsonDecimal"/>'s fast
/// path, else <c>TryGetSingle</c>) or base64 text of little-endian float32 values, whichever the server sent.
/// </summary>
internal static class EmbeddingVectorReader
{
    // Without a known length, vectors start here and double: Qwen's default length, so usually one allocation and a trim.
    private const int UnknownDimensionsCapacity = 1024;

    public static float[] Read(ref Utf8JsonReader reader, int? expectedDimensions)
    {
        JsonTokenType type = EmbeddingsResponseParser.Next(ref reader);
        if (type == JsonTokenType.String)
        {
            return ReadBase64Vector(ref reader);
        }

        if (type != JsonTokenType.StartArray)
        {
            throw new JsonException($"An \"embedding\" is a {type}, neither an array of numbers nor base64 text.");
        }

        float[] vector = new float[expectedDimensions ?? UnknownDimensionsCapacity];
        int length = 0;
        while (EmbeddingsResponseParser.Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number
                || !(JsonDecimal.TryParse(reader.ValueSpan, out float value) || (reader.TryGetSingle(out value) && float.IsFinite(value))))
            {
                throw new JsonException($"An \"embedding\" holds {EmbeddingsResponseParser.Describe(ref reader)} at position {length}, not a finite number.");
            }

            if (length == vector.Length)
            {
                Array.Resize(ref vector, Math.Max(16, vector.Length * 2));
            }

            vector[length++] = value;
        }

        if (length == 0)
        {
            throw new JsonException("An \"embedding\" is empty.");
        }

        if (length != vector.Length)
        {
            Array.Resize(ref vector, length);
        }

        return vector;
    }

    /// <summary>
    /// Decodes base64 text of little-endian float32 values (OpenAI's <c>encoding_format: "base64"</c>) straight into the
    /// vector; only text with JSON escapes (such as <c>\/</c>) or split across buffers is unescaped into a copy first.
    /// </summary>
    private static float[] ReadBase64Vector(ref Utf8JsonReader reader)
    {
        byte[]? unescaped = null;
        ReadOnlySpan<byte> text = reader.ValueSpan;
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            unescaped = new byte[reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length];
            text = unescaped.AsSpan(0, reader.CopyString(unescaped));
        }

        int padding = text.EndsWith("=="u8) ? 2 : text.EndsWith("="u8) ? 1 : 0;
        int bytes = (text.Length / 4 * 3) - padding;
        if (text.Length == 0 || text.Length % 4 != 0 || bytes % sizeof(float) != 0)
        {
            throw new JsonException($"An \"embedding\" is {text.Length} characters of text, not base64 of whole float32 values.");
        }

        float[] vector = new float[bytes / sizeof(float)];
        Span<byte> target = MemoryMarshal.AsBytes(vector.AsSpan());
        if (Base64.DecodeFromUtf8(text, target, out _, out int written) != OperationStatus.Done || written != target.Length)
        {
            throw new JsonException("An \"embedding\" is text that is not valid base64.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(vector.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new JsonException($"An \"embedding\" holds {vector[i].ToString(CultureInfo.InvariantCulture)} at position {i}, not a finite number.");
            }
        }

        return vector;
    }
}
