// A kernel with a plugin, automatic function calling, streaming and Qwen settings (thinking).
// Offline by default: without QWEN_API_KEY it talks to the local Qwen simulator.
using QwenSemanticKernel;

return await SemanticKernelSample.RunAsync(Console.Out, Console.Error, Environment.GetEnvironmentVariable("QWEN_API_KEY"));
