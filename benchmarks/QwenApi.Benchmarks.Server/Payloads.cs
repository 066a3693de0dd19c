using System.Text;

namespace QwenApi.Benchmarks.Server;

/// <summary>
/// Builds every payload once, at start-up. Stream chunks copy the field layout of the recorded qwen3-max streams in
/// tests/corpus/recorded (*.sse) byte for byte except the delta text, so each event is about 250 bytes on the wire.
/// Names: text-{n}, reasoning-{n}, tool-{n} (n = JSON chunks before [DONE]) text-json and tool-json (the recorded unary bodies);
/// openai-{n} is text-{n} with every chunk's properties in OpenAI's order (what a proxy that re-serialises Qwen's chunks sends);
/// emb-{n} and emb-{n}-base64 are embeddings lists (<see cref="EmbeddingPayloads"/>).
/// </summary>
internal static class Payloads
{
    private const string Tail = "\"object\":\"chat.completion.chunk\",\"usage\":null,\"created\":1770764906,\"system_fingerprint\":null,\"model\":\"qwen3-max\",\"id\":\"chatcmpl-d2d6aab7-cbca-970f-8aa6-7d58c9724733\"}";
    private const string UsageTail = "\"object\":\"chat.completion.chunk\",\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":1355,\"total_tokens\":1379,\"completion_tokens_details\":{\"reasoning_tokens\":1084},\"prompt_tokens_details\":{\"cached_tokens\":0}},\"created\":1770764906,\"system_fingerprint\":null,\"model\":\"qwen3-max\",\"id\":\"chatcmpl-d2d6aab7-cbca-970f-8aa6-7d58c9724733\"}";

    // Delta texts as recorded (already JSON-escaped), cycled through.
    private static readonly string[] s_pieces =
    [
        " The Festival", " of Shared", " Stories", ": \\\"Tale", "weave Day\\\"", ":** The first full moon after", " the autumn equinox (",
        "symbolizing the transition", " into introspection and", " gathering as nights grow longer", ").\\n\\n**Core Concept:** Tale",
        "weave Day celebrates", " the power of human connection", " through the simple, profound", " act of sharing personal",
        " stories\u2014especially those that", " reveal vulnerability, growth", ", or unexpected kindness. It", "\u2019s a deliberate counter",
    ];

    public static IReadOnlyDictionary<string, Payload> All()
    {
        var all = new Dictionary<string, Payload>(StringComparer.Ordinal);
        foreach (int chunks in new[] { 20, 1_000, 20_000 })
        {
            all["text-" + chunks] = Sse(Text(chunks));
        }

        foreach (int chunks in new[] { 1_000, 20_000 })
        {
            all["openai-" + chunks] = Sse(OpenAIText(chunks));
        }

        all["reasoning-2000"] = Sse(Reasoning(2_000));
        all["tool-1000"] = Sse(ToolCall(1_000));
        all["text-json"] = Recorded("alibaba-text.json");
        all["tool-json"] = Recorded("alibaba-tool-call.json");
        EmbeddingPayloads.AddTo(all);
        return all;
    }

    private static Payload Recorded(string name)
    {
        using Stream recorded = typeof(Payloads).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        recorded.CopyTo(copy);
        return new Payload("application/json", copy.ToArray());
    }

    /// <summary>Role chunk, text deltas, finish chunk, usage chunk: <paramref name="chunks"/> JSON events in all.</summary>
    private static IEnumerable<string> Text(int chunks)
    {
        yield return "{\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},\"index\":0,\"logprobs\":null,\"finish_reason\":null}]," + Tail;
        for (int i = 0; i < chunks - 3; i++)
        {
            yield return "{\"choices\":[{\"delta\":{\"content\":\"" + s_pieces[i % s_pieces.Length] + "\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + Tail;
        }

        yield return "{\"choices\":[{\"finish_reason\":\"stop\",\"delta\":{},\"index\":0,\"logprobs\":null}]," + Tail;
        yield return "{\"choices\":[]," + UsageTail;
    }

    /// <summary>
    /// The text stream with OpenAI's property order: id, object, created, model, system_fingerprint before <c>choices</c>,
    /// <c>index</c> before <c>delta</c>, <c>usage</c> last (as OpenAI writes it with <c>include_usage</c>). Same texts, ids and usage.
    /// </summary>
    private static IEnumerable<string> OpenAIText(int chunks)
    {
        const string Head = "{\"id\":\"chatcmpl-d2d6aab7-cbca-970f-8aa6-7d58c9724733\",\"object\":\"chat.completion.chunk\",\"created\":1770764906,\"model\":\"qwen3-max\",\"system_fingerprint\":null,\"choices\":";
        const string Usage = "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":1355,\"total_tokens\":1379,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":1084}}}";
        yield return Head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
        for (int i = 0; i < chunks - 3; i++)
        {
            yield return Head + "[{\"index\":0,\"delta\":{\"content\":\"" + s_pieces[i % s_pieces.Length] + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
        }

        yield return Head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}";
        yield return Head + "[]," + Usage;
    }

    /// <summary>Thinking first (<c>reasoning_content</c> with <c>content:null</c>), then the answer, as qwen3-max streams it.</summary>
    private static IEnumerable<string> Reasoning(int chunks)
    {
        yield return "{\"choices\":[{\"delta\":{\"content\":null,\"role\":\"assistant\",\"reasoning_content\":\"\"},\"index\":0,\"logprobs\":null,\"finish_reason\":null}]," + Tail;
        int body = chunks - 3;
        for (int i = 0; i < body; i++)
        {
            string piece = s_pieces[i % s_pieces.Length];
            yield return i < body / 2
                ? "{\"choices\":[{\"delta\":{\"content\":null,\"reasoning_content\":\"" + piece + "\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + Tail
                : "{\"choices\":[{\"delta\":{\"content\":\"" + piece + "\",\"reasoning_content\":null},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + Tail;
        }

        yield return "{\"choices\":[{\"finish_reason\":\"stop\",\"delta\":{\"content\":\"\",\"reasoning_content\":null},\"index\":0,\"logprobs\":null}]," + Tail;
        yield return "{\"choices\":[]," + UsageTail;
    }

    /// <summary>
    /// One tool call in many argument fragments, with Qwen's quirks: id and name only on the first fragment, <c>"id":""</c>
    /// on later ones, a trailing empty-argument fragment without <c>finish_reason</c>, then the finish and usage chunks.
    /// The joined arguments are one JSON object: <c>{"location": "San Francisco …"}</c>.
    /// </summary>
    private static IEnumerable<string> ToolCall(int chunks)
    {
        yield return "{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_eee11723464a4b9eb8cee71d\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}],\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + Tail;
        int body = chunks - 4;
        for (int i = 0; i < body; i++)
        {
            string piece = i == 0 ? "{\\\"location\\\": \\\"San Francisco" : i == body - 1 ? "\\\"}" : " and the bay area";
            yield return "{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"\",\"type\":\"function\",\"function\":{\"arguments\":\"" + piece + "\"}}]},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + Tail;
        }

        yield return "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"\"},\"index\":0,\"id\":\"\",\"type\":\"function\"}]},\"index\":0}]," + Tail;
        yield return "{\"choices\":[{\"finish_reason\":\"tool_calls\",\"delta\":{},\"index\":0,\"logprobs\":null}]," + Tail;
        yield return "{\"choices\":[]," + UsageTail;
    }

    private static Payload Sse(IEnumerable<string> chunks)
    {
        var text = new StringBuilder();
        foreach (string chunk in chunks)
        {
            text.Append("data: ").Append(chunk).Append("\n\n");
        }

        text.Append("data: [DONE]\n\n");
        return new Payload("text/event-stream", Encoding.UTF8.GetBytes(text.ToString()));
    }
}
