using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Reads an embeddings list (<c>{"data":[{"embedding":[…],"index":0,…}],"model":…,"usage":…}</c>) straight from UTF-8 with
/// <see cref="Utf8JsonReader"/>: each <c>embedding</c>, an array of numbers or base64 text, goes into one <see cref="float"/>[]
/// (pre-sized, so a vector costs one allocation), with no DOM and no boxing. Fields may come in any order. Vectors are placed
/// by <c>data[].index</c>, never by array position (Qwen's own sample lists indexes out of order); every index must be
/// present once and in range, otherwise <see cref="JsonException"/> (reported as <see cref="QwenInvalidResponseException"/>).
/// </summary>
internal static class EmbeddingsResponseParser
{
    /// <param name="json">The whole body.</param>
    /// <param name="count">The number of inputs the request sent.</param>
    /// <param name="expectedDimensions">The expected vector length, for pre-sizing only (a different length is accepted).</param>
    /// <returns>The batch, or <see cref="EmbeddingBatch.ErrorDocument"/> when the body is an <c>{"error":…}</c> document.</returns>
    public static EmbeddingBatch Parse(ReadOnlySpan<byte> json, int count, int? expectedDimensions)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject, "the body");
        float[]?[]? vectors = null;
        string? model = null;
        long? prompt = null, total = null;
        bool error = false;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                vectors = ReadData(ref reader, count, expectedDimensions);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = Next(ref reader) == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                (prompt, total) = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error |= Next(ref reader) == JsonTokenType.StartObject;
                reader.Skip();
            }
            else
            {
                _ = Next(ref reader);
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            throw new JsonException("The body has content after its JSON object.");
        }

        if (error)
        {
            return EmbeddingBatch.ErrorDocument;
        }

        if (vectors is null)
        {
            throw new JsonException("The body has no \"data\" array.");
        }

        for (int i = 0; i < vectors.Length; i++)
        {
            if (vectors[i] is null)
            {
                throw new JsonException($"\"data\" has no embedding with index {i} ({count} inputs were sent).");
            }
        }

        return new EmbeddingBatch(vectors!, model, prompt, total);
    }

    private static float[]?[] ReadData(ref Utf8JsonReader reader, int count, int? expectedDimensions)
    {
        Expect(ref reader, JsonTokenType.StartArray, "\"data\"");
        var vectors = new float[]?[count];
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"\"data\" holds a {reader.TokenType} where an embedding object belongs.");
            }

            (int index, float[] vector) = ReadItem(ref reader, count, expectedDimensions);
            if (vectors[index] is not null)
            {
                throw new JsonException($"\"data\" has two embeddings with index {index}.");
            }

            vectors[index] = vector;
        }

        return vectors;
    }

    private static (int Index, float[] Vector) ReadItem(ref Utf8JsonReader reader, int count, int? expectedDimensions)
    {
        int? index = null;
        float[]? vector = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                if (Next(ref reader) != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value < 0 || value >= count)
                {
                    throw new JsonException($"A \"data\" item has index {Describe(ref reader)}; {count} inputs were sent, so it must be a whole number from 0 to {count - 1}.");
                }

                index = value;
            }
            else if (reader.ValueTextEquals("embedding"u8))
            {
                vector = EmbeddingVectorReader.Read(ref reader, expectedDimensions);
            }
            else
            {
                _ = Next(ref reader);
                reader.Skip();
            }
        }

        if (index is null || vector is null)
        {
            throw new JsonException(index is null ? "A \"data\" item has no \"index\"." : $"The \"data\" item with index {index} has no \"embedding\".");
        }

        return (index.Value, vector);
    }

    private static (long? Prompt, long? Total) ReadUsage(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        long? prompt = null, total = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            bool isPrompt = reader.ValueTextEquals("prompt_tokens"u8);
            bool isTotal = !isPrompt && reader.ValueTextEquals("total_tokens"u8);
            if (Next(ref reader) == JsonTokenType.Number && reader.TryGetInt64(out long value) && (isPrompt || isTotal))
            {
                if (isPrompt)
                {
                    prompt = value;
                }
                else
                {
                    total = value;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (prompt, total);
    }

    internal static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The body ends before its JSON is complete.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"{what} is a {reader.TokenType}, not a {type}.");
        }
    }

    /// <summary>The current token for a message: a scalar's text (at most 40 bytes, so a hostile value cannot flood it), else its kind.</summary>
    internal static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String) || reader.HasValueSequence)
        {
            return reader.TokenType.ToString();
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        string text = System.Text.Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 40)]);
        return reader.TokenType == JsonTokenType.String ? "\"" + text + "\"" : text;
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
