// 1. A kernel with a plugin, automatic function calling, streaming and Qwen settings (thinking).
// 2. Structured output: ResponseFormat = typeof(Recipe), through AddQwenChatClient.
// Offline by default: without QWEN_API_KEY it talks to the local Qwen simulator.
using QwenSemanticKernel;

string? apiKey = Environment.GetEnvironmentVariable("QWEN_API_KEY");
int code = await SemanticKernelSample.RunAsync(Console.Out, Console.Error, apiKey);
return code != 0 ? code : await StructuredOutputSample.RunAsync(Console.Out, Console.Error, apiKey);
