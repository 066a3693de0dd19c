using Microsoft.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// Correctness is not traded for speed: before measuring, one Qwen answer is checked for the metadata every update must
/// carry (ids, model, timestamp), a finish reason and usage.
/// </summary>
public static class Verification
{
    public static void Stream(IChatClient client)
    {
        List<ChatResponseUpdate> updates = [];
        foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Clients.Messages).ToBlockingEnumerable())
        {
            if (update.ResponseId is null || update.MessageId is null || update.ModelId is null || update.CreatedAt is null)
            {
                throw new InvalidOperationException("An update lacks ResponseId, MessageId, ModelId or CreatedAt.");
            }

            updates.Add(update);
        }

        Check(updates.ToChatResponse());
    }

    public static void Unary(IChatClient client) =>
        Check(client.GetResponseAsync(Clients.Messages).GetAwaiter().GetResult());

    /// <summary>
    /// Both generators must return the vectors the payload holds (the same floats, whether they arrived as decimals or
    /// base64), in input order, 1,024 long; the Qwen result must also carry its model, timestamp and usage.
    /// </summary>
    public static void Embeddings(IEmbeddingGenerator<string, Embedding<float>> qwen, IEmbeddingGenerator<string, Embedding<float>> openAI, int inputs)
    {
        string[] values = EmbeddingClients.Inputs(inputs);
        GeneratedEmbeddings<Embedding<float>> ours = qwen.GenerateAsync(values).GetAwaiter().GetResult();
        GeneratedEmbeddings<Embedding<float>> theirs = openAI.GenerateAsync(values).GetAwaiter().GetResult();
        if (ours.Usage?.InputTokenCount is null || ours.Any(e => e.ModelId is null || e.CreatedAt is null))
        {
            throw new InvalidOperationException("The Qwen embeddings lack usage, a model id or a timestamp.");
        }

        EmbeddingVectors("Qwen", ours, inputs);
        EmbeddingVectors("OpenAI", theirs, inputs);
    }

    /// <summary><paramref name="generator"/> must return the payload's vectors in input order (the floor's check).</summary>
    public static void EmbeddingVectors(string who, IEmbeddingGenerator<string, Embedding<float>> generator, int inputs) =>
        EmbeddingVectors(who, generator.GenerateAsync(EmbeddingClients.Inputs(inputs)).GetAwaiter().GetResult(), inputs);

    private static void EmbeddingVectors(string who, GeneratedEmbeddings<Embedding<float>> result, int inputs)
    {
        if (result.Count != inputs)
        {
            throw new InvalidOperationException($"{who} returned {result.Count} embeddings for {inputs} inputs.");
        }

        for (int v = 0; v < inputs; v++)
        {
            float[] expected = QwenApi.Benchmarks.Server.EmbeddingPayloads.Vector(v);
            ReadOnlySpan<float> actual = result[v].Vector.Span;
            if (actual.Length != expected.Length)
            {
                throw new InvalidOperationException($"{who} vector {v} has {actual.Length} dimensions, not {expected.Length}.");
            }

            for (int i = 0; i < expected.Length; i++)
            {
                // Within one unit in the last place: the decimals and the base64 were made from the same floats.
                if (Math.Abs(actual[i] - expected[i]) > MathF.BitIncrement(Math.Abs(expected[i])) - Math.Abs(expected[i]))
                {
                    throw new InvalidOperationException($"{who} vector {v}[{i}] is {actual[i]:R}, not {expected[i]:R}.");
                }
            }
        }
    }

    private static void Check(ChatResponse response)
    {
        if (response.ResponseId is null || response.ModelId is null || response.CreatedAt is null || response.FinishReason is null || response.Usage?.TotalTokenCount is null)
        {
            throw new InvalidOperationException("The Qwen answer lacks an id, model, timestamp, finish reason or usage.");
        }

        if (response.Text.Length == 0 && !response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any())
        {
            throw new InvalidOperationException("The Qwen answer has neither text nor a tool call.");
        }
    }
}
