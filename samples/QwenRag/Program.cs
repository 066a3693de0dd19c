// QwenRag: retrieval-augmented generation in one screen. Embeds a few facts with QwenEmbeddingGenerator, picks the
// nearest to the question by cosine similarity, and streams an answer grounded in it with QwenChatClient.
// With QWEN_API_KEY set it talks to the real endpoint (QWEN_ENDPOINT, QWEN_MODEL, QWEN_EMBEDDING_MODEL override the
// defaults); without, it starts the embedded simulator on loopback and says so on stderr.
using QwenRag;

string question = args.Length > 0 ? string.Join(' ', args) : RagSample.DefaultQuestion;
return await RagSample.RunAsync(Console.Out, Console.Error, question, Environment.GetEnvironmentVariable("QWEN_API_KEY"));
