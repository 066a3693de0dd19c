namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Builds SSE bodies from chunk JSON, in the recorded Qwen layout.</summary>
internal static class Sse
{
    public const string Meta = "\"object\":\"chat.completion.chunk\",\"created\":1770764938,\"model\":\"qwen3-max\",\"id\":\"chatcmpl-t\"";

    public static string Chunk(string choiceJson) => $"{{\"choices\":[{choiceJson}],{Meta}}}";

    public static string Delta(string deltaJson, string? finish = null) =>
        Chunk($"{{\"delta\":{deltaJson},\"finish_reason\":{(finish is null ? "null" : $"\"{finish}\"")},\"index\":0}}");

    public static string Usage(int prompt, int completion) =>
        $"{{\"choices\":[],\"usage\":{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}},{Meta}}}";

    public static string Body(params string[] events) => string.Concat(events.Select(e => "data: " + e + "\n\n"));

    public static string BodyWithDone(params string[] events) => Body(events) + "data: [DONE]\n\n";

    public static SimulatorResponse Response(string body) => SimulatorResponse.Replay(body, "text/event-stream");
}
