namespace QwenApi.Extensions.AI;

/// <summary>Hosted tools Qwen exposes as request switches (<c>enable_search</c>, <c>enable_code_interpreter</c>) rather than tool definitions.</summary>
internal readonly record struct HostedTools(bool WebSearch, bool CodeInterpreter);
