using System.Text;
using System.Text.Json;
using CsCheck;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Property-based: CsCheck generates several calls (with or without <c>index</c>, indexes that collide, the same
/// function twice, ids or none), splits their arguments, interleaves the fragments, encodes each continuation in any way
/// that still says which call it belongs to (the id repeated with or without index, the index with <c>"id":""</c>,
/// nothing at all right after the same call), packs them into deltas and reads them through the real SSE path. Every
/// call comes out whole, none lost or merged, in index-then-arrival order; the unary reader given the complete calls
/// agrees.
/// </summary>
public sealed class ToolCallPropertyTests
{
    private static readonly string[] s_arguments = ["""{"a":1}""", """{"s":"x, y}"}""", "{}", """{"n":[1,2],"b":true}"""];

    /// <param name="Indexed">Whether the call's fragments may carry an index (the first always does then).</param>
    /// <param name="Index">Its index when indexed (0–2, so calls collide).</param>
    /// <param name="HasId">Whether it has an id (indexed calls always do, as a new call at a used index needs one).</param>
    /// <param name="Name">0 or 1: the same function may be called twice.</param>
    /// <param name="Cuts">Where its arguments are cut into pieces (empty pieces included).</param>
    internal sealed record GenCall(bool Indexed, int Index, bool HasId, int Name, int Arguments, int[] Cuts);

    internal sealed record GenCase(List<GenCall> Calls, int[] Schedule, int[] Encodings, bool[] SameDelta, int[] Splits);

    private static readonly Gen<GenCall> s_call = Gen.Select(Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 1], Gen.Int[0, s_arguments.Length - 1], Gen.Int[0, 20].Array[0, 4],
        (indexed, index, id, name, args, cuts) => new GenCall(indexed, index, indexed || id, name, args, cuts));

    private static readonly Gen<GenCase> s_case = Gen.Select(s_call.List[1, 5], Gen.Int[0, 99].Array[40], Gen.Int[0, 99].Array[40], Gen.Bool.Array[40], Gen.Int[1, 200].Array[1, 3],
        (calls, schedule, encodings, same, splits) => new GenCase(calls, schedule, encodings, same, splits));

    [Fact]
    public void Stream_GeneratedSplitsAndInterleavings_NoCallLostOrMerged()
    {
        s_case.Sample(
            c =>
            {
                (List<List<string>> deltas, string unaryArray, List<(string, string, string)> expected) = Render(c);
                string body = SseReplay.Body([.. deltas.Select(d => Chunk("[" + string.Join(",", d) + "]")), Chunk(null, "tool_calls")]);

                SseReplay.Result streamed = SseReplay.Run(body, c.Splits);
                ChatResponse unary = ChatResponseParser.Parse(JsonDocument.Parse(Unary(unaryArray)).RootElement);

                Assert.Equal("done", streamed.Ending);
                Assert.Equal(expected, Calls(streamed.Updates.ToChatResponse()));
                Assert.Equal(expected, Calls(unary));
            },
            iter: 1_000,
            print: c => string.Join("\n", Render(c).Deltas.Select(d => string.Join(",", d))));
    }

    private static List<(string, string, string)> Calls(ChatResponse response) =>
        [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(f => (f.CallId, f.Name, JsonSerializer.Serialize(f.Arguments)))];

    /// <summary>The deltas' fragments, the complete calls as a unary array, and the calls expected.</summary>
    internal static (List<List<string>> Deltas, string UnaryArray, List<(string, string, string)> Expected) Render(GenCase c)
    {
        int n = c.Calls.Count;
        List<string>[] pieces = [.. c.Calls.Select(Pieces)];
        int[] sent = new int[n];
        int[] held = new int[n];
        var holder = new Dictionary<int, int>();
        var started = new List<int>();
        int nextIndex = 0, last = -1, step = 0;
        var fragments = new List<string>();

        // The index each call holds follows the documented rule: its own, or the next after those seen when it has none.
        void Emit(int call)
        {
            GenCall g = c.Calls[call];
            string arguments = JsonSerializer.Serialize(pieces[call][sent[call]]);
            string fragment;
            if (sent[call] == 0)
            {
                held[call] = g.Indexed ? g.Index : nextIndex;
                nextIndex = Math.Max(nextIndex, held[call] + 1);
                holder[held[call]] = call;
                started.Add(call);
                fragment = Fields(g.Indexed ? held[call] : null, g.HasId ? $"call_{call}" : null, $"f{g.Name}", arguments);
            }
            else
            {
                // Any encoding that still says which call this is: the id; the index while this call holds it; nothing
                // right after a fragment of the same call.
                var valid = new List<string>();
                if (g.HasId)
                {
                    valid.Add(Fields(null, $"call_{call}", null, arguments));
                    valid.Add(Fields(held[call], $"call_{call}", null, arguments));
                }

                if (holder[held[call]] == call)
                {
                    valid.Add(Fields(held[call], string.Empty, null, arguments));
                }

                if (last == call)
                {
                    valid.Add(Fields(null, null, null, arguments));
                    valid.Add(Fields(null, string.Empty, null, arguments));
                }

                fragment = valid[c.Encodings[step % c.Encodings.Length] % valid.Count];
            }

            sent[call]++;
            last = call;
            fragments.Add(fragment);
            step++;
        }

        while (sent.Where((s, i) => s < pieces[i].Count).Any())
        {
            int[] open = [.. Enumerable.Range(0, n).Where(i => sent[i] < pieces[i].Count)];
            int call = open[c.Schedule[step % c.Schedule.Length] % open.Length];

            // A call with neither index nor id can only be continued right after itself, so it goes out in one run.
            do
            {
                Emit(call);
            }
            while (!c.Calls[call].Indexed && !c.Calls[call].HasId && sent[call] < pieces[call].Count);
        }

        var deltas = new List<List<string>>();
        for (int i = 0; i < fragments.Count; i++)
        {
            if (i == 0 || !c.SameDelta[i % c.SameDelta.Length])
            {
                deltas.Add([]);
            }

            deltas[^1].Add(fragments[i]);
        }

        string unary = "[" + string.Join(",", started.Select(i => Fields(c.Calls[i].Indexed ? held[i] : null, c.Calls[i].HasId ? $"call_{i}" : null, $"f{c.Calls[i].Name}", JsonSerializer.Serialize(s_arguments[c.Calls[i].Arguments])))) + "]";
        List<(string, string, string)> expected = [.. started.OrderBy(i => held[i]).ThenBy(started.IndexOf)
            .Select(i => (c.Calls[i].HasId ? $"call_{i}" : string.Empty, $"f{c.Calls[i].Name}", s_arguments[c.Calls[i].Arguments]))];
        return (deltas, unary, expected);
    }

    private static List<string> Pieces(GenCall call)
    {
        string all = s_arguments[call.Arguments];
        int[] cuts = [.. call.Cuts.Select(x => Math.Min(x, all.Length)).Order()];
        var pieces = new List<string>();
        int from = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(all[from..cut]);
            from = cut;
        }

        pieces.Add(all[from..]);
        return pieces;
    }

    private static string Fields(int? index, string? id, string? name, string arguments)
    {
        var json = new StringBuilder("{");
        if (index is { } i)
        {
            json.Append("\"index\":").Append(i).Append(',');
        }

        if (id is not null)
        {
            json.Append("\"id\":\"").Append(id).Append("\",");
        }

        json.Append("\"type\":\"function\",\"function\":{");
        if (name is not null)
        {
            json.Append("\"name\":\"").Append(name).Append("\",");
        }

        return json.Append("\"arguments\":").Append(arguments).Append("}}").ToString();
    }

    private static string Chunk(string? toolCalls, string? finish = null) =>
        $$"""{"choices":[{"delta":{{(toolCalls is null ? "{}" : $$"""{"content":null,"tool_calls":{{toolCalls}}}""")}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}},"index":0}],"object":"chat.completion.chunk","created":1770764938,"model":"qwen3-max","id":"chatcmpl-p"}""";

    private static string Unary(string toolCalls) =>
        $$"""{"id":"chatcmpl-u","object":"chat.completion","created":1770764857,"model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":{{toolCalls}}},"finish_reason":"tool_calls"}]}""";
}
