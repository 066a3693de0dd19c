// A Microsoft Agent Framework agent (ChatClientAgent) over QwenChatClient, with a tool, over two turns.
// Offline by default: without QWEN_API_KEY it talks to the local Qwen simulator.
using QwenAgent;

return await AgentSample.RunAsync(Console.Out, Console.Error, Environment.GetEnvironmentVariable("QWEN_API_KEY"));
