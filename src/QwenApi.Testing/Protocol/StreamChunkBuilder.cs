using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Lays out a streamed answer the way Qwen does: the role chunk, one reasoning token per chunk with
/// <c>"content":null</c>, one answer token per chunk, then each tool call index after index (first fragment
/// with id and name, argument pieces with <c>"id":""</c>, a trailing empty fragment), the finish chunk and,
/// with <c>include_usage</c>, the usage chunk.
/// </summary>
internal static class StreamChunkBuilder
{
    private const int ArgumentPieceLength = 16;

    public static StreamChunks Build(CompletionPlan plan)
    {
        var writer = new StreamChunkWriter(plan);
        var body = new List<byte[]>();

        // Qwen merges the role into the first tool-call fragment when a call opens the stream
        // (alibaba-tool-call.sse); otherwise the first chunk carries only the role and an empty field.
        var roleInToolFragment = !plan.Thinking && plan.AnswerTokens.Count == 0 && plan.ToolCalls.Count > 0;
        if (plan.Thinking)
        {
            body.Add(writer.Delta(w => { w.WriteNull("content"); WriteRole(w); w.WriteString("reasoning_content", string.Empty); }));
        }
        else if (!roleInToolFragment)
        {
            body.Add(writer.Delta(w => { w.WriteString("content", string.Empty); WriteRole(w); }));
        }

        foreach (var token in plan.ReasoningTokens)
        {
            body.Add(writer.Delta(w => { w.WriteNull("content"); w.WriteString("reasoning_content", token); }));
        }

        foreach (var token in plan.AnswerTokens)
        {
            body.Add(writer.Delta(w =>
            {
                w.WriteString("content", token);
                if (plan.Thinking)
                {
                    w.WriteNull("reasoning_content");
                }
            }));
        }

        foreach (var call in plan.ToolCalls)
        {
            var withRole = roleInToolFragment && call.Index == plan.ToolCalls[0].Index;
            body.Add(writer.Delta(w => WriteToolFragment(w, call.Index, call.Id, call.Name, string.Empty, withRole)));
            foreach (var piece in SplitArguments(call.Arguments))
            {
                body.Add(writer.Delta(w => WriteToolFragment(w, call.Index, string.Empty, null, piece, withRole: false)));
            }

            body.Add(writer.TrailingToolFragment(call.Index));
        }

        return new StreamChunks(body, writer.Finish(), plan.IncludeUsage ? writer.Usage() : null);
    }

    /// <summary>Splits arguments into at least two pieces (when they have two characters), never inside a surrogate pair.</summary>
    internal static List<string> SplitArguments(string arguments)
    {
        var count = Math.Max(2, (arguments.Length + ArgumentPieceLength - 1) / ArgumentPieceLength);
        var size = Math.Max(1, arguments.Length / count);
        var pieces = new List<string>();
        var start = 0;
        while (start < arguments.Length)
        {
            var end = pieces.Count == count - 1 ? arguments.Length : Math.Min(arguments.Length, start + size);
            if (end < arguments.Length && char.IsLowSurrogate(arguments[end]))
            {
                end++;
            }

            pieces.Add(arguments[start..end]);
            start = end;
        }

        return pieces.Count > 0 ? pieces : [string.Empty];
    }

    private static void WriteRole(Utf8JsonWriter writer) => writer.WriteString("role", "assistant");

    private static void WriteToolFragment(Utf8JsonWriter w, int index, string id, string? name, string arguments, bool withRole)
    {
        w.WriteNull("content");
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteString("id", id);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        if (withRole)
        {
            WriteRole(w);
        }
    }
}
