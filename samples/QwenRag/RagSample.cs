using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using QwenApi.Testing;

namespace QwenRag;

/// <summary>The sample, callable from a test.</summary>
public static class RagSample
{
    /// <summary>The question asked when none is given; it matches the octopus fact.</summary>
    public const string DefaultQuestion = "How many hearts does an octopus have?";

    /// <summary>The knowledge base: one short fact per document.</summary>
    public static readonly string[] Documents =
    [
        "The Eiffel Tower in Paris was completed in 1889.",
        "Mount Everest is the highest mountain above sea level.",
        "The Great Barrier Reef lies off the coast of Queensland, Australia.",
        "Honey keeps for centuries: edible honey was found in ancient Egyptian tombs.",
        "Octopuses have three hearts and blue blood.",
        "Venus is the hottest planet in the solar system.",
    ];

    private const int TopK = 2;

    /// <summary>Retrieves the documents nearest to <paramref name="question"/> and streams an answer grounded in them.</summary>
    /// <param name="output">Where the retrieved documents and the answer go.</param>
    /// <param name="log">Where notes go.</param>
    /// <param name="question">The question.</param>
    /// <param name="apiKey">The key, or <see langword="null"/> to use the local simulator.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(TextWriter output, TextWriter log, string question, string? apiKey)
    {
        await using QwenSimulator? simulator = string.IsNullOrEmpty(apiKey) ? await QwenSimulator.StartAsync() : null;
        var options = new QwenClientOptions
        {
            ApiKey = apiKey,
            ModelId = Environment.GetEnvironmentVariable("QWEN_MODEL") ?? QwenModels.QwenPlus,
            EmbeddingModelId = Environment.GetEnvironmentVariable("QWEN_EMBEDDING_MODEL") ?? QwenModels.TextEmbeddingV4,
        };
        if (simulator is not null)
        {
            await log.WriteLineAsync($"QWEN_API_KEY is not set: using the embedded Qwen simulator at {simulator.Endpoint}.");
            (options.ApiKey, options.Endpoint) = (simulator.ApiKey, simulator.Endpoint);
        }
        else if (Environment.GetEnvironmentVariable("QWEN_ENDPOINT") is { Length: > 0 } endpoint)
        {
            options.Endpoint = new Uri(endpoint);
        }

        try
        {
            // Index: one vector per document (a real app stores these in a vector store), then the question's.
            using IEmbeddingGenerator<string, Embedding<float>> embedder = new QwenEmbeddingGenerator(options);
            GeneratedEmbeddings<Embedding<float>> index = await embedder.GenerateAsync(Documents);
            ReadOnlyMemory<float> query = await embedder.GenerateVectorAsync(question);

            // Retrieve: cosine similarity (System.Numerics.Tensors comes with Microsoft.Extensions.AI).
            var nearest = index
                .Select((embedding, i) => (Text: Documents[i], Score: TensorPrimitives.CosineSimilarity(query.Span, embedding.Vector.Span)))
                .OrderByDescending(hit => hit.Score)
                .Take(TopK)
                .ToArray();
            await output.WriteLineAsync("question: " + question);
            await output.WriteLineAsync("--- nearest documents ---");
            foreach ((string text, float score) in nearest)
            {
                await output.WriteLineAsync($"{score.ToString("F3", CultureInfo.InvariantCulture)}  {text}");
            }

            // Generate: the retrieved facts go in the system prompt; the model is told to stay within them.
            using IChatClient chat = new QwenChatClient(options);
            string context = string.Join('\n', nearest.Select(hit => "- " + hit.Text));
            ChatMessage[] messages =
            [
                new(ChatRole.System, "Answer from these facts only; if they do not contain the answer, say so.\n" + context),
                new(ChatRole.User, question),
            ];
            await output.WriteLineAsync("--- answer ---");
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(messages, new QwenChatOptions { EnableThinking = false }))
            {
                await output.WriteAsync(update.Text);
            }

            await output.WriteLineAsync();
            return 0;
        }
        catch (QwenApiException ex)
        {
            await log.WriteLineAsync($"Qwen call failed: {ex.Message}");
            return 1;
        }
    }
}
